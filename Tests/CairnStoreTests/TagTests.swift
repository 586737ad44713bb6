import CairnCore
import CairnTestSupport
import Testing

@testable import CairnStore

@Suite struct TagTests {
    func twoArtifacts(_ store: CairnStore) async throws -> (DatasetID, Artifact, Artifact) {
        let ds = try dataset()
        _ = try await store.createDataset(ds)
        let first = try await store.createArtifact(NewArtifact(dataset: ds, items: [try item("o0", "1")]))
        let second = try await store.createArtifact(NewArtifact(dataset: ds, items: [try item("o0", "2")]))
        return (ds, first, second)
    }

    @Test func addingANewTagPointsItAtTheArtifact() async throws {
        try await TestDatabase.withStore { store, _ in
            let (ds, first, _) = try await twoArtifacts(store)
            #expect(try await store.addTag(ds, tag("latest"), artifact: first.id) == .created)
            #expect(try await store.artifact(.tag(ds, tag("latest"))).id == first.id)
            #expect(try await store.addTag(ds, tag("latest"), artifact: first.id) == .unchanged)
        }
    }

    @Test func anExistingTagIsKeptUnlessOverwriteIsAsked() async throws {
        try await TestDatabase.withStore { store, _ in
            let (ds, first, second) = try await twoArtifacts(store)
            _ = try await store.addTag(ds, tag("latest"), artifact: first.id)
            #expect(try await store.addTag(ds, tag("latest"), artifact: second.id) == .kept(existing: first.id))
            #expect(try await store.artifact(.tag(ds, tag("latest"))).id == first.id)
            #expect(
                try await store.addTag(ds, tag("latest"), artifact: second.id, overwrite: true)
                    == .moved(previous: first.id))
            #expect(try await store.artifact(.tag(ds, tag("latest"))).id == second.id)
            #expect(try await store.artifact(.id(first.id)).tags == [])
        }
    }

    @Test func taggingAcrossDatasetsOrMissingArtifactsFails() async throws {
        try await TestDatabase.withStore { store, _ in
            let (ds, first, _) = try await twoArtifacts(store)
            let other = try dataset("other")
            _ = try await store.createDataset(other)
            await expectCairnError(.invalidArgument) { try await store.addTag(other, tag("x"), artifact: first.id) }
            await expectCairnError(.notFound) { try await store.addTag(ds, tag("x"), artifact: .random()) }
            await expectCairnError(.notFound) {
                try await store.addTag(try dataset("missing"), tag("x"), artifact: first.id)
            }
        }
    }
}
