import CairnCore
import Foundation
import Testing

@testable import CairnEngine

/// The state's branch choices (version 4): they round trip, a version 3 state (written before
/// branches) is still read, and a choice of a node the state does not have is corrupt.
@Suite struct BranchStateTests {
    @Test func branchChoicesRoundTrip() throws {
        var state = StateEncodingTests.state(nodes: 20)
        state.branches = [3: 0, 11: 2]
        let raw = state.encodedUncompressed()
        #expect(raw.first == 4)
        let decoded = try ExecutionState(encoded: state.encoded())
        #expect(decoded.branches == [3: 0, 11: 2])
        #expect(decoded == state)
    }

    @Test func versionThreeStateIsStillRead() throws {
        let state = StateEncodingTests.state(nodes: 10)
        var raw = state.encodedUncompressed()
        // Version 3 wrote everything version 4 does but the branch count (0) at the end.
        #expect(raw.last == 0)
        raw.removeLast()
        raw[0] = 3
        let decoded = try ExecutionState(encoded: Zlib.compress(raw))
        #expect(decoded == state)
        #expect(decoded.branches.isEmpty)
    }

    @Test func aChoiceOfAnUnknownNodeIsCorrupt() throws {
        var state = StateEncodingTests.state(nodes: 10)
        state.branches = [10: 0]
        #expect(throws: EngineError.self) { try ExecutionState(encoded: state.encoded()) }
    }
}
