import CairnCore
import Testing

@testable import CairnCLI

/// `cairn ls` follows cursors; its reply decoding is tested in CairnClientTests (CatalogRecordsTests).
@Suite struct ListCommandTests {
    /// Pages of `size` numbers from 0 up to `total`, the cursor being the next number.
    func pages(total: Int) -> (PageRequest) -> Page<Int> {
        { request in
            let start = Int(request.cursor ?? "0")!
            let end = min(start + request.limit, total)
            return Page(items: Array(start..<end), nextCursor: end < total ? String(end) : nil)
        }
    }

    @Test func cursorsAreFollowedToTheLastPage() async throws {
        let all = try await ListCommand.collect(limit: nil, pageSize: 7) { pages(total: 50)($0) }
        #expect(all == Array(0..<50))
    }

    @Test func aLimitStopsEarlyAndAsksForNoMoreThanItNeeds() async throws {
        var asked: [Int] = []
        let some = try await ListCommand.collect(limit: 10, pageSize: 7) { request in
            asked.append(request.limit)
            return pages(total: 50)(request)
        }
        #expect(some == Array(0..<10) && asked == [7, 3])
    }

    @Test func anEmptyPageWithACursorEndsTheListing() async throws {
        var calls = 0
        let none: [Int] = try await ListCommand.collect(limit: nil) { _ in
            calls += 1
            return Page(items: [], nextCursor: "again")
        }
        #expect(none.isEmpty && calls == 1)
    }
}
