import CairnCore
import Testing

@testable import CairnStore

@Suite struct ArtifactNotificationTests {
    static let first = try! ArtifactID(parsing: "0b0f6a1e-4c39-4f4e-9d2a-6f8e2b1c3d4e")
    static let second = try! ArtifactID(parsing: "9a7c2e10-1b2d-4e3f-8a9b-0c1d2e3f4a5b")

    @Test func aPayloadOfIdsSeparatedByCommasIsEveryIdInOrder() {
        let parsed = ArtifactNotification(payload: "\(Self.second),\(Self.first)")
        #expect(parsed.artifacts == [Self.second, Self.first])
        #expect(parsed.malformed.isEmpty)
    }

    @Test func oneIdIsAPayloadOfOne() {
        #expect(ArtifactNotification(payload: Self.first.description).artifacts == [Self.first])
    }

    @Test func malformedPartsAreSetAsideAndTheWellFormedIdsKept() {
        let parsed = ArtifactNotification(payload: "nonsense,\(Self.first),,\(Self.second)x")
        #expect(parsed.artifacts == [Self.first])
        #expect(parsed.malformed == ["nonsense", "", "\(Self.second)x"])
    }

    @Test(arguments: ["", "hello", " 0b0f6a1e-4c39-4f4e-9d2a-6f8e2b1c3d4e", "0b0f6a1e4c394f4e9d2a6f8e2b1c3d4e"])
    func aPayloadWithoutAnIdYieldsNone(_ payload: String) {
        let parsed = ArtifactNotification(payload: payload)
        #expect(parsed.artifacts.isEmpty)
        #expect(parsed.malformed == [Substring(payload)])
    }
}
