import CairnCore
import Testing

@Suite struct DatasetIDTests {
    /// One dataset part: its field name, its length limit, and how to build an id with it replaced.
    struct Part: CustomTestStringConvertible, Sendable {
        let field: String
        let maxLength: Int
        let build: @Sendable (String) throws -> DatasetID

        var testDescription: String { field }

        static let all: [Part] = [
            Part(field: "project", maxLength: DatasetID.maxProjectLength) {
                try DatasetID(project: $0, domain: "d", name: "n", version: "v")
            },
            Part(field: "domain", maxLength: DatasetID.maxProjectLength) {
                try DatasetID(project: "p", domain: $0, name: "n", version: "v")
            },
            Part(field: "name", maxLength: DatasetID.maxNameLength) {
                try DatasetID(project: "p", domain: "d", name: $0, version: "v")
            },
            Part(field: "version", maxLength: DatasetID.maxVersionLength) {
                try DatasetID(project: "p", domain: "d", name: "n", version: $0)
            },
        ]
    }

    @Test func documentedLengthLimits() {
        #expect(DatasetID.maxProjectLength == 64)
        #expect(DatasetID.maxNameLength == 256)
        #expect(DatasetID.maxVersionLength == 128)
    }

    @Test func validPartsAreKeptAsGiven() throws {
        let id = try DatasetID(project: "flyte", domain: "dev.eu", name: "train_model-2", version: "v1.2+build=3@x:y")
        #expect(id.project == "flyte")
        #expect(id.domain == "dev.eu")
        #expect(id.name == "train_model-2")
        #expect(id.version == "v1.2+build=3@x:y")
        #expect(id.description == "flyte/dev.eu/train_model-2/v1.2+build=3@x:y")
    }

    @Test(arguments: Part.all)
    func emptyPartIsRejectedNamingThePart(_ part: Part) {
        expectCairnError(.invalidArgument, field: part.field) { _ = try part.build("") }
    }

    @Test(arguments: Part.all)
    func partAtItsLengthLimitIsAccepted(_ part: Part) throws {
        _ = try part.build(String(repeating: "x", count: part.maxLength))
    }

    @Test(arguments: Part.all)
    func partOverItsLengthLimitIsRejectedNamingThePart(_ part: Part) {
        expectCairnError(.invalidArgument, field: part.field) {
            _ = try part.build(String(repeating: "x", count: part.maxLength + 1))
        }
    }

    @Test(arguments: Part.all, ["a/b", "a b", "ü", "a\n", "#"])
    func partWithBadCharacterIsRejectedNamingThePart(_ part: Part, value: String) {
        expectCairnError(.invalidArgument, field: part.field) { _ = try part.build(value) }
    }

    @Test func parsingRoundTripsThroughDescription() throws {
        let text = "proj/dom/name.with.dots/2024-01-01"
        let id = try DatasetID(parsing: text)
        #expect(id == (try DatasetID(project: "proj", domain: "dom", name: "name.with.dots", version: "2024-01-01")))
        #expect(id.description == text)
        #expect(try DatasetID(parsing: id.description) == id)
    }

    @Test(arguments: ["", "p", "p/d", "p/d/n", "p/d/n/v/extra", "p/d/n/v/", "/p/d/n/v"])
    func tokenWithoutExactlyFourPartsIsRejected(_ token: String) {
        let error = expectCairnError(.invalidArgument, field: "dataset") { _ = try DatasetID(parsing: token) }
        #expect(error?.message.contains("project/domain/name/version") == true)
    }

    @Test(arguments: [("/d/n/v", "project"), ("p//n/v", "domain"), ("p/d//v", "name"), ("p/d/n/", "version")])
    func emptyPartInTokenIsRejectedNamingThePart(_ token: String, field: String) {
        expectCairnError(.invalidArgument, field: field) { _ = try DatasetID(parsing: token) }
    }

    @Test func orderIsProjectThenDomainThenNameThenVersion() throws {
        let ids = try ["b/a/a/a", "a/b/a/a", "a/a/b/a", "a/a/a/b", "a/a/a/a"].map(DatasetID.init(parsing:))
        #expect(ids.sorted().map(\.description) == ["a/a/a/a", "a/a/a/b", "a/a/b/a", "a/b/a/a", "b/a/a/a"])
    }

    @Test func randomValidIdentifiersRoundTrip() throws {
        var generator = SeededGenerator(seed: 0xDA7A_5E7)
        for _ in 0..<200 {
            let id = try DatasetID(
                project: generator.string(from: nameAlphabet, maxLength: DatasetID.maxProjectLength),
                domain: generator.string(from: nameAlphabet, maxLength: DatasetID.maxProjectLength),
                name: generator.string(from: nameAlphabet, maxLength: DatasetID.maxNameLength),
                version: generator.string(from: nameAlphabet, maxLength: DatasetID.maxVersionLength))
            #expect(try DatasetID(parsing: id.description) == id)
        }
    }
}
