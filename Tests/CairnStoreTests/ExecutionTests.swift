import CairnCore
import CairnTestSupport
import Foundation
import Testing

@testable import CairnStore

/// The executions table and the per-execution lock the engine's `--resume` relies on.
@Suite struct ExecutionTests {
    static func record(_ id: UUID = UUID()) -> ExecutionRecord {
        ExecutionRecord(
            id: id, workflow: "wf", project: "p", domain: "d", status: .running, nodeCount: 3,
            definition: [1, 2, 3], state: [4, 5])
    }

    @Test func createSaveAndReadBack() async throws {
        try await TestDatabase.withStore { store, _ in
            let record = Self.record()
            try await store.createExecution(record)
            let created = try await store.execution(record.id)
            #expect(created.definition == [1, 2, 3] && created.state == [4, 5] && created.status == .running)
            #expect(created.workflow == "wf" && created.project == "p" && created.domain == "d")

            try await store.saveExecution(record.id, status: .failed, nodeCount: 7, state: [9, 9, 9])
            let saved = try await store.execution(record.id)
            #expect(saved.status == .failed && saved.nodeCount == 7 && saved.state == [9, 9, 9])
            #expect(saved.definition == [1, 2, 3])
            #expect(saved.updatedAt >= saved.createdAt)
        }
    }

    @Test func duplicatesAndUnknownIdsAreErrors() async throws {
        try await TestDatabase.withStore { store, _ in
            let record = Self.record()
            try await store.createExecution(record)
            await expectCairnError(.alreadyExists) { try await store.createExecution(record) }
            await expectCairnError(.notFound) { try await store.execution(UUID()) }
            await expectCairnError(.notFound) {
                try await store.saveExecution(UUID(), status: .running, nodeCount: 0, state: [])
            }
        }
    }

    @Test func oneEngineAtATimeAndTheLockGoesWithItsConnection() async throws {
        try await TestDatabase.withStore { _, url in
            let id = UUID()
            let first = try await Blocking.run { try ExecutionLock.acquire(databaseURL: url, execution: id) }
            let refused = await expectCairnError(.conflict) {
                try await Blocking.run { try ExecutionLock.acquire(databaseURL: url, execution: id) }
            }
            #expect(refused?.message.contains("another engine") == true)
            // Another execution is not affected.
            let other = try await Blocking.run { try ExecutionLock.acquire(databaseURL: url, execution: UUID()) }
            other.release()
            first.release()
            let again = try await Blocking.run { try ExecutionLock.acquire(databaseURL: url, execution: id) }
            again.release()
        }
    }
}
