import CairnCore
import Foundation
import Testing

@testable import CairnEngine

/// The persisted state: round trips, rejects corruption, and is at least 10× smaller than JSON.
@Suite struct StateEncodingTests {
    /// A workflow of `count` independent nodes of one task with an int and a string output.
    static func workflow(nodes count: Int) -> CompiledWorkflow {
        var settings = TaskSettings()
        settings.cache.enabled = true
        let task = CompiledTask(
            name: "work", kind: .regular, inputs: [Parameter(name: "i", type: .int)],
            outputs: [Parameter(name: "value", type: .int), Parameter(name: "label", type: .string)],
            command: ["true"], settings: settings)
        let nodes = (0..<count).map { index in
            CompiledNode(
                id: "node\(index)", task: "work",
                inputs: [InputBinding(name: "i", binding: .literal(.int(Int64(index))))],
                dependencies: [])
        }
        return CompiledWorkflow(
            name: "wide", project: "p", domain: "d", inputs: [], outputs: [], tasks: ["work": task], nodes: nodes)
    }

    /// A finished state: every node succeeded, most from the cache, with plausible times.
    static func state(nodes count: Int) -> ExecutionState {
        var state = ExecutionState(nodeCount: count)
        for index in 0..<count {
            state.nodes[index].phase = .succeeded
            state.nodes[index].cache = index % 10 == 0 ? .populated : .hit
            state.nodes[index].attempts = index % 10 == 0 ? 1 : 0
            state.nodes[index].startedAt = Int64(index / 8 * 3)
            state.nodes[index].duration = Int64(index % 10 == 0 ? 25 + index % 7 : 1)
            state.nodes[index].outputs = [.int(Int64(index * index)), .string("item-\(index)")]
        }
        state.nodes[7].phase = .failed
        state.nodes[7].error = "node7 attempt 1: sh exited with status 3"
        return state
    }

    @Test func roundTrips() throws {
        var state = Self.state(nodes: 300)
        state.nodes[3].futureFromCatalog = true
        state.nodes[3].compileTime = 1234
        state.nodes[4].phase = .pending
        state.nodes[4].startedAt = nil
        state.nodes[4].duration = nil
        state.nodes[4].outputs = nil
        state.futures = [ExecutionState.Future(owner: 3, encoded: [1, 2, 3])]
        state.bootID = "0f6c3f0e-5b7a-4a57-9d8e-2f1c0b7e9a11"
        state.watchdog = ProcessIdentity(pid: 4100, startTime: 88_000_123)
        state.taskGroups = [
            ExecutionState.TaskGroup(node: 4, leader: ProcessIdentity(pid: 4101, startTime: 88_000_200)),
            ExecutionState.TaskGroup(node: 299, leader: ProcessIdentity(pid: Int32.max, startTime: 0)),
        ]
        let decoded = try ExecutionState(encoded: state.encoded())
        #expect(decoded == state)
    }

    /// A state written before version 2 (no processes recorded), byte for byte as version 1 wrote it.
    @Test func versionOneStateIsStillRead() throws {
        let raw: [UInt8] = [
            1,  // version
            1,  // one node
            4,  // phase: failed
            0,  // no cache status
            1,  // one attempt
            11,  // started: 1 + zig-zag(5)
            8,  // duration: 7 + 1
            2,  // flags: error
            4, 0x62, 0x6F, 0x6F, 0x6D,  // "boom"
            0,  // no futures
        ]
        let state = try ExecutionState(encoded: Zlib.compress(raw))
        var node = NodeState()
        node.phase = .failed
        node.attempts = 1
        node.startedAt = 5
        node.duration = 7
        node.error = "boom"
        #expect(state == ExecutionState(nodes: [node], futures: []))
        #expect(state.bootID == nil && state.watchdog == nil && state.taskGroups.isEmpty)
    }

    @Test func corruptStateIsRejectedNotTrusted() throws {
        let encoded = try Self.state(nodes: 50).encoded()
        #expect(throws: EngineError.self) { try ExecutionState(encoded: Array(encoded.dropLast(3))) }
        let raw = Self.state(nodes: 50).encodedUncompressed()
        for cut in stride(from: 0, to: raw.count, by: 17) {
            #expect(throws: EngineError.self) { try ExecutionState(encoded: Zlib.compress(Array(raw.prefix(cut)))) }
        }
    }

    @Test func tenThousandNodesAreAtLeastTenTimesSmallerThanJSON() throws {
        let count = 10_000
        let state = Self.state(nodes: count)
        let graph = ExecutionGraph(workflow: Self.workflow(nodes: count))
        let binary = try state.encoded().count
        let json = state.jsonText(graph: graph, createdAt: Date(timeIntervalSince1970: 1_795_000_000)).utf8.count
        let ratio = Double(json) / Double(binary)
        #expect(ratio >= 10, "binary \(binary) bytes, JSON \(json) bytes, ratio \(ratio)")
    }
}
