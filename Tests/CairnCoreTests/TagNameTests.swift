import CairnCore
import Testing

@Suite struct TagNameTests {
    @Test(arguments: ["v1", "sha256:9f86d081884c7d65", "a/b/c", "!#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"])
    func visibleASCIITagIsAccepted(_ value: String) throws {
        let tag = try TagName(value)
        #expect(tag.value == value)
        #expect(tag.description == value)
    }

    @Test func tagOfMaximumLengthIsAccepted() throws {
        #expect(TagName.maxLength == 256)
        _ = try TagName(String(repeating: "t", count: TagName.maxLength))
    }

    @Test func tagOverMaximumLengthIsRejected() {
        expectCairnError(.invalidArgument, field: "tag") {
            _ = try TagName(String(repeating: "t", count: TagName.maxLength + 1))
        }
    }

    @Test(arguments: ["", " ", "a b", "a\tb", "a\n", "ünï", "\u{7F}"])
    func tagWithSpaceControlOrNonASCIIIsRejected(_ value: String) {
        expectCairnError(.invalidArgument, field: "tag") { _ = try TagName(value) }
    }

    @Test func tagsOrderByValue() throws {
        let tags = try ["b", "a", "B", "aa"].map(TagName.init)
        #expect(tags.sorted().map(\.value) == ["B", "a", "aa", "b"])
    }

    @Test func randomVisibleTokensAreAccepted() throws {
        var generator = SeededGenerator(seed: 0x7A6)
        for _ in 0..<200 {
            let value = generator.string(from: visibleAlphabet, maxLength: TagName.maxLength)
            #expect(try TagName(value).value == value)
        }
    }
}
