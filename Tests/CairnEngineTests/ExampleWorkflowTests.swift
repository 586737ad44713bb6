import CairnCore
import CairnEngine
import CairnTestSupport
import Foundation
import Testing

/// The examples, run twice against a real server: the second run is all HIT with the same outputs.
@Suite struct ExampleWorkflowTests {
    @Test func countCharactersSecondRunIsAllHits() async throws {
        try await MemoryQuiet.shared.heavy {
            try await withEngineHarness { harness in
                let file = EngineHarness.examples + "/count_characters/count_characters.yaml"
                let inputs = ["s1": "apple", "s2": "maple"]
                let first = try await harness.run(file, inputs: inputs)
                #expect(first.status == .succeeded)
                // a,p,p,l,e vs m,a,p,l,e: a, p, l, e in common.
                #expect(first.output("count") == .int(4))
                // The dynamic node plus 2 × 5 × 2 chain nodes and derive.
                #expect(first.nodes.count == 1 + 20 + 1)
                #expect(first.nodes.allSatisfy { $0.cache == .populated || $0.cache == .hit })
                #expect(first.nodes[0].futureFromCatalog == false)

                let second = try await harness.run(file, inputs: inputs)
                #expect(second.status == .succeeded)
                #expect(second.output("count") == .int(4))
                #expect(second.nodes.count == 1)
                #expect(second.nodes.allSatisfy { $0.cache == .hit && $0.attempts == 0 })
            }
        }
    }

    @Test func fanOutSecondRunIsAllHits() async throws {
        try await MemoryQuiet.shared.heavy {
            try await withEngineHarness { harness in
                let file = EngineHarness.examples + "/fanout/fanout.yaml"
                let total = Literal.int(999 * 1000 * 1999 / 6)
                let first = try await harness.run(file) { $0.parallelism = 16 }
                #expect(first.status == .succeeded, "\(first.nodes.compactMap(\.error))")
                #expect(first.nodes.map(\.id) == ["range", "squares", "sum"])
                #expect(first.output("total") == total)
                #expect(first.output("last") == .int(999 * 999))
                #expect(first.cacheCounts[.populated] == 3)
                #expect(first.nodes[1].elements?.cache == [.populated: 1000])
                let second = try await harness.run(file)
                #expect(second.status == .succeeded)
                #expect(second.cacheCounts[.hit] == 3)
                #expect(second.nodes[1].elements?.cache == [.hit: 1000])
                #expect(second.output("total") == total)
                // Another salt is another cache key for every element (and for the gather).
                let salted = try await harness.run(file, inputs: ["salt": "1"]) { $0.parallelism = 16 }
                #expect(salted.nodes[1].elements?.cache == [.populated: 1000])
                #expect(salted.statuses == ["range": .hit, "squares": .populated, "sum": .populated])
                #expect(salted.output("last") == .int(999 * 999 + 1))
            }
        }
    }

    @Test func branchChoosesByTextAndModeAndSecondRunIsAllHits() async throws {
        try await withEngineHarness { harness in
            let file = EngineHarness.examples + "/branch/branch.yaml"
            let runs: [([String: String], String, String)] = [
                ([:], "kept", "[hello, branch]"),
                (["mode": "mirror"], "mirrored", "[hcnarb ,olleh]"),
                (["text": "a text longer than twenty"], "long", "[A TEXT LONGER THAN TWENTY]"),
            ]
            for (inputs, chosen, result) in runs {
                let first = try await harness.run(file, inputs: inputs)
                #expect(first.status == .succeeded, "\(first.nodes.compactMap(\.error))")
                #expect(first.output("result") == .string(result))
                #expect(first.nodes.first { $0.id == "pick" }?.chosenCase == chosen)
                #expect(first.nodes.filter { $0.phase == "skipped" }.count == 2)
                let second = try await harness.run(file, inputs: inputs)
                #expect(second.output("result") == .string(result))
                // The branch node itself runs nothing and has no cache status.
                #expect(second.statuses == ["measure": .hit, "pick/\(chosen)": .hit, "tag": .hit])
            }
        }
    }

    @Test func largeOutputIsOffloadedAndReadBack() async throws {
        try await MemoryQuiet.shared.heavy {
            try await withEngineHarness { harness in
                let file = EngineHarness.examples + "/large_output/large_output.yaml"
                let first = try await harness.run(file, inputs: ["lines": "50000"])
                #expect(first.status == .succeeded)
                let expected = 50_000 * "line 00000000 of the large output example".count
                #expect(first.output("characters") == .int(Int64(expected)))
                #expect(first.output("first") == .string("line 00000000 of the large output example"))
                // A node whose input is one element of the offloaded list.
                #expect(first.output("second_length") == .int(Int64("line 00000001 of the large output example".count)))
                let objects = try FileManager.default.subpathsOfDirectory(atPath: harness.blobDirectory)
                    .filter { $0.hasSuffix(".z") }
                #expect(objects.count == 1)

                let second = try await harness.run(file, inputs: ["lines": "50000"])
                #expect(second.cacheCounts[.hit] == 3)
                #expect(second.output("characters") == first.output("characters"))
                #expect(second.output("first") == first.output("first"))
                #expect(second.output("second_length") == first.output("second_length"))
            }
        }
    }

    @Test func outputOverOffloadMaxFailsFastNamingTheLimit() async throws {
        try await MemoryQuiet.shared.heavy {
            try await withEngineHarness { harness in
                let file = EngineHarness.examples + "/large_output/large_output.yaml"
                let report = try await harness.run(file, inputs: ["lines": "50000"]) {
                    $0.offloadMin = 1 << 16
                    $0.offloadMax = 1 << 20
                }
                #expect(report.status == .failed)
                let produce = try #require(report.nodes.first { $0.id == "produce" })
                #expect(produce.phase == "failed")
                #expect(produce.attempts == 1)
                #expect(produce.error?.contains("offload_max (1048576 bytes)") == true)
                #expect(report.nodes.first { $0.id == "measure" }?.phase == "skipped")
            }
        }
    }
}
