import CairnCore
import Testing

@Suite struct LiteralDigestTests {
    static let digest11 = SHA256Digest(bytes: [UInt8](repeating: 0x11, count: 32))!

    /// Pinned against an independent computation from the format description in docs/literals.md.
    @Test func digestsArePinned() {
        #expect(Literal.int(1).contentDigest.hex == "a12871fee210fb8619291eaea194581cbd2531e4b23759d225f6806923f63222")
        let file = Literal.file(FileLiteral(uri: "/a", size: 5, sha256: Self.digest11))
        #expect(file.contentDigest.hex == "365f08caa51d23cbce05f6652b0778ecc0f9f8be6a5d8ff7dfa6225b02ef19d7")
        #expect(
            Literal.list([.int(1), file]).contentDigest.hex
                == "d2cb714c91852a6a2b85f11fc268e9de58e30a05142d26521e63d1a433599cdf")
        #expect(
            Literal.inputDigest(["b": .string("x"), "a": .int(1)]).hex
                == "04413c883dd5f5d9d9d85c1dd6e596c5c4f614ed1f781c00fae519ab2bc419ca")
        #expect(
            Literal.interfaceDigest(inputs: [("x", .int), ("a", .list(.string))], outputs: [("out", .file)]).hex
                == "cd33f80eda76be155968de08e604349d05065bbb196fd65303a6b353d6e7f7ff")
    }

    @Test func offloadedValueHasTheDigestOfTheValueInline() {
        var generator = LiteralGenerator(seed: 0x0FF1)
        var checked = 0
        for _ in 0..<500 {
            let type = generator.type()
            let value = generator.value(of: type)
            guard !LiteralPropertyTests.holdsReference(value) else { continue }
            let bytes = value.canonicalBytes()
            let reference = OffloadedLiteral(
                uri: "s3://bucket/\(checked)", size: Int64(bytes.count), sha256: SHA256Digest.of(bytes), type: type)
            #expect(Literal.offloaded(reference).contentDigest == value.contentDigest, "\(value)")
            #expect(Literal.inputDigest(["x": .offloaded(reference)]) == Literal.inputDigest(["x": value]))
            checked += 1
        }
        #expect(checked > 100)
    }

    @Test func filesHashByContentNotLocation() {
        let here = FileLiteral(uri: "/tmp/a.csv", size: 5, sha256: Self.digest11)
        var moved = here
        moved.uri = "s3://bucket/a.csv"
        var resized = here
        resized.size = 6
        var changed = here
        changed.sha256 = SHA256Digest.of([1])
        #expect(Literal.file(here).contentDigest == Literal.file(moved).contentDigest)
        #expect(Literal.map(["f": .file(here)]).contentDigest == Literal.map(["f": .file(moved)]).contentDigest)
        #expect(Literal.file(here).contentDigest != Literal.file(resized).contentDigest)
        #expect(Literal.file(here).contentDigest != Literal.file(changed).contentDigest)
        // The canonical bytes still tell the locations apart.
        #expect(Literal.file(here).canonicalBytes() != Literal.file(moved).canonicalBytes())
    }

    @Test func nestedOffloadedValuesHashByTheirRecordedDigest() {
        let reference = OffloadedLiteral(uri: "s3://a", size: 10, sha256: Self.digest11, type: .list(.int))
        var elsewhere = reference
        elsewhere.uri = "s3://b"
        #expect(
            Literal.list([.offloaded(reference)]).contentDigest == Literal.list([.offloaded(elsewhere)]).contentDigest)
        var other = reference
        other.sha256 = SHA256Digest.of([2])
        #expect(Literal.list([.offloaded(reference)]).contentDigest != Literal.list([.offloaded(other)]).contentDigest)
    }

    @Test func contentDigestsFollowNormalisation() {
        #expect(Literal.float(-0.0).contentDigest == Literal.float(0).contentDigest)
        #expect(Literal.float(-.nan).contentDigest == Literal.float(.nan).contentDigest)
        #expect(Literal.string("e\u{301}").contentDigest == Literal.string("é").contentDigest)
        #expect(Literal.int(1).contentDigest != Literal.float(1).contentDigest)
        #expect(Literal.list([]).contentDigest != Literal.map([:]).contentDigest)
        #expect(Literal.map([:]).contentDigest != Literal.structure([:]).contentDigest)
    }

    @Test func inputDigestSkipsIgnoredNamesAndIgnoresOrder() {
        var forward = [String: Literal]()
        var backward = [String: Literal](minimumCapacity: 100)
        let names = (0..<50).map { "input\($0)" }
        for name in names { forward[name] = .string(name) }
        for name in names.reversed() { backward[name] = .string(name) }
        #expect(Literal.inputDigest(forward) == Literal.inputDigest(backward))

        var withNoise = forward
        withNoise["timestamp"] = .datetime(nanoseconds: 1)
        #expect(Literal.inputDigest(withNoise) != Literal.inputDigest(forward))
        #expect(Literal.inputDigest(withNoise, ignoring: ["timestamp"]) == Literal.inputDigest(forward))
        #expect(Literal.inputDigest(withNoise, ignoring: ["timestamp", "absent"]) == Literal.inputDigest(forward))
    }

    @Test func inputDigestBindsValuesToNames() {
        let one = Literal.inputDigest(["a": .int(1), "b": .int(2)])
        #expect(one != Literal.inputDigest(["a": .int(2), "b": .int(1)]))
        #expect(one != Literal.inputDigest(["a": .int(1)]))
        #expect(one != Literal.inputDigest(["a": .int(1), "c": .int(2)]))
        #expect(Literal.inputDigest([:]) != Literal.inputDigest(["": .list([])]))
        #expect(Literal.inputDigest(["e\u{301}": .int(1)]) == Literal.inputDigest(["é": .int(1)]))
    }

    @Test func interfaceDigestIgnoresDeclarationOrderButNotSides() {
        let digest = Literal.interfaceDigest(inputs: [("a", .int), ("b", .file)], outputs: [("c", .list(.float))])
        #expect(
            digest == Literal.interfaceDigest(inputs: [("b", .file), ("a", .int)], outputs: [("c", .list(.float))]))
        #expect(
            digest != Literal.interfaceDigest(inputs: [("a", .int)], outputs: [("b", .file), ("c", .list(.float))]))
        #expect(
            digest != Literal.interfaceDigest(inputs: [("a", .float), ("b", .file)], outputs: [("c", .list(.float))]))
        #expect(
            digest != Literal.interfaceDigest(inputs: [("a", .int), ("b", .file)], outputs: [("d", .list(.float))]))
        let unsorted = LiteralType.structure([.init(name: "y", type: .int), .init(name: "x", type: .bool)])
        #expect(
            Literal.interfaceDigest(inputs: [("s", unsorted)], outputs: [])
                == Literal.interfaceDigest(inputs: [("s", .structure(fields: ["x": .bool, "y": .int]))], outputs: []))
    }
}
