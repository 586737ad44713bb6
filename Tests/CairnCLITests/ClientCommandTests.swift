import CairnCore
import Foundation
import Testing

@testable import CairnCLI

/// The client subcommands, run as the built binary against `cairn serve` on PostgreSQL.
@Suite struct ClientCommandTests {
    static let dataset = "proj/dev/task-a/v1"

    @Test func putGetJSONAndEvict() async throws {
        try await withServe { socket in
            let put = try await runCairn([
                "put", Self.dataset, "3f9a", "o0=42", "o1=a b", "--ttl", "3600", "--meta", "task=a", "--catalog",
                socket,
            ])
            #expect(put.status == 0, "\(put)")
            let words = put.stdout.split(separator: " ")
            #expect(words.count == 2 && words[1] == "created\n", "\(put.stdout)")
            let id = String(words[0])

            let get = try await runCairn(["get", Self.dataset, "3f9a", "--catalog", socket])
            #expect(get.status == 0)
            #expect(get.stdout.hasPrefix("\(id)\no0 = 42\no1 = a b\nmeta task = a\nexpires 20"), "\(get.stdout)")

            let object = try json(
                try await runCairn(["get", Self.dataset, "3f9a", "--json", "--catalog", socket]).stdout)
            #expect(object["id"] as? String == id)
            #expect(object["data"] as? [String: String] == ["o0": "42", "o1": "a b"])
            #expect(object["metadata"] as? [String: String] == ["task": "a"])
            #expect(object["expires"] is NSNumber && object["created"] is NSNumber)

            // The catalog can come from the environment too.
            let again = try await runCairn(
                ["put", Self.dataset, "3f9a", "o0=43", "--json"], environment: ["CAIRN_CATALOG": socket])
            #expect(try json(again.stdout) as NSDictionary == ["id": id, "outcome": "exists"] as NSDictionary)

            let evict = try await runCairn(["evict", Self.dataset, "3f9a", "--catalog", socket])
            #expect(evict.status == 0 && evict.stdout == "evicted\n")
            let miss = try await runCairn(["get", Self.dataset, "3f9a", "--catalog", socket])
            #expect(miss.status == 1 && miss.stdout.isEmpty && miss.stderr == "miss\n", "\(miss)")
            // With --json a miss is one JSON value on standard output too.
            let jsonMiss = try await runCairn(["get", Self.dataset, "3f9a", "--json", "--catalog", socket])
            #expect(jsonMiss.status == 1 && jsonMiss.stdout == "null\n", "\(jsonMiss)")
            let absent = try await runCairn(["evict", Self.dataset, "3f9a", "--json", "--catalog", socket])
            #expect(absent.status == 1 && absent.stdout == #"{"evicted":false}"# + "\n")
        }
    }

    @Test func reserveFencedPutAndRelease() async throws {
        try await withServe { socket in
            let reserve = try await runCairn([
                "reserve", Self.dataset, "77c1", "engine-1", "--lease-ms", "30000", "--json", "--catalog", socket,
            ])
            #expect(reserve.status == 0, "\(reserve)")
            let lease = try json(reserve.stdout)
            #expect(lease["outcome"] as? String == "acquired" && lease["owner"] as? String == "engine-1")
            let token = try #require(lease["token"] as? Int)

            let held = try await runCairn(["reserve", Self.dataset, "77c1", "engine-2", "--catalog", socket])
            #expect(held.status == 1 && held.stdout.hasPrefix("held owner=engine-1 token=\(token) expires="), "\(held)")

            let notHeld = try await runCairn(["release", Self.dataset, "77c1", "engine-2", "--catalog", socket])
            #expect(notHeld.status == 1 && notHeld.stdout == "not held\n")

            let fenced = try await runCairn([
                "put", Self.dataset, "77c1", "o0=7", "--fence", String(token - 1), "--catalog", socket,
            ])
            #expect(fenced.status == 2 && fenced.stderr.hasPrefix("Error: FENCED "), "\(fenced)")
            let put = try await runCairn([
                "put", Self.dataset, "77c1", "o0=7", "--fence", String(token), "--catalog", socket,
            ])
            #expect(put.status == 0 && put.stdout.hasSuffix(" created\n"), "\(put)")

            let released = try await runCairn([
                "release", Self.dataset, "77c1", "engine-1", "--json", "--catalog", socket,
            ])
            #expect(released.status == 0 && released.stdout == #"{"released":true}"# + "\n")
            let cached = try await runCairn(["reserve", Self.dataset, "77c1", "engine-3", "--catalog", socket])
            #expect(cached.status == 0 && cached.stdout.hasPrefix("cached "), "\(cached)")
        }
    }

    @Test func badArgumentsAreRefusedBeforeConnecting() async throws {
        let badCatalog = try await runCairn(["get", Self.dataset, "t", "--catalog", "host:99999"])
        #expect(badCatalog.status != 0 && badCatalog.stderr.contains("port"), "\(badCatalog)")
        let badDataset = try await runCairn(["get", "not-a-dataset", "t"])
        #expect(badDataset.status != 0 && badDataset.stderr.contains("dataset"), "\(badDataset)")
        let badItem = try await runCairn(["put", Self.dataset, "t", "novalue"])
        #expect(badItem.status != 0 && badItem.stderr.contains("name=value"), "\(badItem)")
        let unreachable = try await runCairn(["get", Self.dataset, "t", "--catalog", "/tmp/no-such-cairn.sock"])
        #expect(unreachable.status == 2 && unreachable.stderr.contains("cannot connect"), "\(unreachable)")
    }
}
