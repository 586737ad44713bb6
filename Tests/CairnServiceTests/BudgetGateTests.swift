import CairnCore
import CairnStore
import Testing

@testable import CairnService

/// The write gate's arithmetic, without a database: what it admits, and sizes at the edges of Int64.
@Suite struct BudgetGateTests {
    @Test func writesPassUntilTheBudgetPlusOneBatchAndWaitAfterwards() async throws {
        let gate = BudgetGate()
        gate.configure(maxBytes: 1_000, maxWait: .milliseconds(50))
        // Before the first reading the size is unknown: a write waits, then fails.
        await #expect(throws: CairnError.self) { try await gate.admitting(1) {} }
        // 10 artifacts of 10 bytes: one batch of 5 is 50 bytes of slack over the 1,000.
        gate.observe(CatalogSize(bytes: 100, artifacts: 10), since: gate.mark(), batchSize: 5)
        for _ in 0..<19 { try await gate.admitting(50) {} }
        // 100 + 19 * 50 = 1,050: full.
        let error = await #expect(throws: CairnError.self) { try await gate.admitting(1) {} }
        #expect(error?.code == .limitExceeded, "\(String(describing: error))")
        // Evictions free room.
        gate.freed(500)
        try await gate.admitting(500) {}
    }

    @Test func sizesAtTheEdgesOfInt64NeitherTrapNorPassTheBudget() async throws {
        let gate = BudgetGate()
        try await gate.admitting(.max) {}
        try await gate.admitting(.max) {}
        try await gate.admitting(.min) {}
        gate.configure(maxBytes: .max / 2, maxWait: .milliseconds(50))
        gate.observe(CatalogSize(bytes: .max / 4, artifacts: .max), since: gate.mark(), batchSize: .max)
        // Larger than any slack: it passes alone, within the budget; the next one waits.
        try await gate.admitting(.max) {}
        await #expect(throws: CairnError.self) { try await gate.admitting(.max) {} }
        gate.observe(CatalogSize(bytes: .max, artifacts: 1), since: gate.mark(), batchSize: 500)
        gate.freed(.max)
        try await gate.admitting(1) {}
    }
}
