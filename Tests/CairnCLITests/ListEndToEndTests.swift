import CairnClient
import CairnCore
import Foundation
import Testing

/// `cairn ls`, run as the built binary against `cairn serve` on PostgreSQL.
@Suite struct ListEndToEndTests {
    static let dataset = "proj/dev/task-a/v1"

    /// Runs `body` with a library client on `socket`, closed afterwards.
    func withClient(_ socket: String, _ body: (CairnClient) async throws -> Void) async throws {
        let client = CairnClient(configuration: .init(endpoint: .unix(path: socket)))
        do { try await body(client) } catch {
            await client.close()
            throw error
        }
        await client.close()
    }

    @Test func lsListsEveryDatasetAcrossPagesAndFilters() async throws {
        try await withServe { socket in
            // More datasets than one page of `cairn ls` (500), so it has to follow a cursor.
            let names = (0..<520).map { String(format: "proj/dev/task-%03d/v1", $0) }
            try await withClient(socket) { client in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for name in names + ["other/dev/job/v1"] {
                        group.addTask { _ = try await client.send(["DATASET.CREATE", name]) }
                    }
                    try await group.waitForAll()
                }
                _ = try await client.send([
                    "DATASET.CREATE", "proj/prod/task-000/v1", "META", "owner", "ml", "PARTITION", "day",
                ])
            }
            let all = try await runCairn(["ls", "--catalog", socket])
            #expect(all.status == 0, "\(all.stderr)")
            let expected = ["other/dev/job/v1"] + names + ["proj/prod/task-000/v1"]
            #expect(all.stdout == expected.map { $0 + "\n" }.joined())

            let filtered = try await runCairn([
                "ls", "--project", "proj", "--domain", "dev", "--prefix", "task-01", "--catalog", socket,
            ])
            #expect(filtered.stdout == (10..<20).map { "proj/dev/task-0\($0)/v1\n" }.joined(), "\(filtered)")
            let limited = try await runCairn(["ls", "--limit", "3", "--catalog", socket])
            #expect(limited.stdout == expected.prefix(3).map { $0 + "\n" }.joined())
            let none = try await runCairn(["ls", "--project", "nobody", "--json", "--catalog", socket])
            #expect(none.status == 0 && none.stdout == #"{"datasets":[]}"# + "\n", "\(none)")

            let prod = try json(try await runCairn(["ls", "--domain", "prod", "--json", "--catalog", socket]).stdout)
            let datasets = try #require(prod["datasets"] as? [[String: Any]])
            #expect(datasets.count == 1)
            #expect(datasets.first?["id"] as? String == "proj/prod/task-000/v1")
            #expect(datasets.first?["metadata"] as? [String: String] == ["owner": "ml"])
            #expect(datasets.first?["partition_keys"] as? [String] == ["day"])
            let created = try #require(datasets.first?["created"] as? Int)
            #expect(abs(Double(created) / 1000 - Date().timeIntervalSince1970) < 600)
        }
    }

    @Test func lsOfADatasetListsItsArtifactsAsTextAndJSON() async throws {
        try await withServe { socket in
            let dataset = try DatasetID(parsing: Self.dataset)
            var listed: [Artifact] = []
            try await withClient(socket) { client in
                _ = try await client.put(
                    dataset: dataset, tag: TagName("t1"), data: [try .inline("o0", Array("42".utf8))],
                    ttl: .seconds(3600), metadata: ["task": "a"])
                let second = try await client.put(
                    dataset: dataset, tag: TagName("t2"), data: [try .inline("o0", Array("hello".utf8))])
                _ = try await client.send(["TAG.ADD", Self.dataset, "latest", second.artifactID.description])
                listed = try await client.listArtifacts(dataset: dataset).items
            }
            try #require(listed.count == 2)
            let (first, second) = (listed[0], listed[1])

            let text = try await runCairn(["ls", Self.dataset, "--catalog", socket])
            #expect(text.status == 0, "\(text.stderr)")
            let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 3 && lines[2].isEmpty, "\(text.stdout)")
            let created = first.createdAt.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            let expires = try #require(first.expiresAt).formatted(
                Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            #expect(lines.first == "\(first.id)  tags=t1  size=2  created=\(created)  expires=\(expires)"[...])
            #expect(lines[1].hasPrefix("\(second.id)  tags=latest,t2  size=5  created="))
            #expect(lines[1].hasSuffix("  expires=never"))

            let tagged = try await runCairn(["ls", Self.dataset, "--tag", "latest", "--catalog", socket])
            #expect(tagged.stdout.split(separator: "\n").map { $0.prefix(36) } == ["\(second.id)"[...]])

            let object = try json(try await runCairn(["ls", Self.dataset, "--json", "--catalog", socket]).stdout)
            #expect(object["dataset"] as? String == Self.dataset)
            let artifacts = try #require(object["artifacts"] as? [[String: Any]])
            try #require(artifacts.count == 2)
            let one = artifacts[0]
            #expect(one["id"] as? String == first.id.description && one["dataset"] as? String == Self.dataset)
            #expect(one["data"] as? [String: [String: Int]] == ["o0": ["size": 2]])
            #expect(one["metadata"] as? [String: String] == ["task": "a"])
            #expect(one["tags"] as? [String] == ["t1"] && one["size"] as? Int == 2 && one["hits"] as? Int == 0)
            #expect(one["checksum"] as? String == first.checksum.hex)
            #expect(one["created"] as? Int64 == Int64((first.createdAt.timeIntervalSince1970 * 1000).rounded()))
            #expect(one["updated"] is NSNull && one["last_hit"] is NSNull && one["expires"] is NSNumber)
            #expect(artifacts[1]["data"] as? [String: [String: Int]] == ["o0": ["size": 5]])
            #expect(artifacts[1]["expires"] is NSNull)

            let missing = try await runCairn(["ls", "proj/dev/none/v1", "--catalog", socket])
            #expect(missing.status == 2 && missing.stdout.isEmpty, "\(missing)")
            #expect(missing.stderr.contains("NOTFOUND dataset proj/dev/none/v1 does not exist"), "\(missing.stderr)")
        }
    }

    @Test func lsFiltersDatasetsAndArtifactsByEveryMetadataEntry() async throws {
        try await withServe { socket in
            let dataset = try DatasetID(parsing: Self.dataset)
            var ids: [ArtifactID] = []
            try await withClient(socket) { client in
                _ = try await client.send([
                    "DATASET.CREATE", Self.dataset, "META", "owner", "ml", "META", "tier", "gold",
                ])
                _ = try await client.send(["DATASET.CREATE", "proj/dev/task-b/v1", "META", "owner", "ml"])
                _ = try await client.send(["DATASET.CREATE", "proj/dev/task-c/v1", "META", "owner", "web"])
                for index in 0..<6 {
                    let put = try await client.put(
                        dataset: dataset, tag: TagName("t\(index)"), data: [try .inline("o0", [UInt8(index)])],
                        metadata: ["team": index % 2 == 0 ? "ml" : "web", "run": index < 3 ? "a" : "b"])
                    ids.append(put.artifactID)
                }
            }
            let owned = try await runCairn(["ls", "--meta", "owner=ml", "--catalog", socket])
            #expect(owned.status == 0 && owned.stdout == "\(Self.dataset)\nproj/dev/task-b/v1\n", "\(owned)")
            let gold = try await runCairn(["ls", "--meta", "owner=ml", "--meta", "tier=gold", "--catalog", socket])
            #expect(gold.stdout == "\(Self.dataset)\n", "\(gold)")
            let conflicting = try await runCairn([
                "ls", "--meta", "owner=ml", "--meta", "owner=web", "--json", "--catalog", socket,
            ])
            #expect(conflicting.status == 0 && conflicting.stdout == #"{"datasets":[]}"# + "\n", "\(conflicting)")

            let team = try await runCairn(["ls", Self.dataset, "--meta", "team=ml", "--catalog", socket])
            #expect(team.stdout.split(separator: "\n").map { String($0.prefix(36)) } == [0, 2, 4].map { "\(ids[$0])" })
            let both = try await runCairn([
                "ls", Self.dataset, "--meta", "team=ml", "--meta", "run=b", "--tag", "t4", "--json", "--catalog",
                socket,
            ])
            let artifacts = try #require(try json(both.stdout)["artifacts"] as? [[String: Any]])
            #expect(artifacts.map { $0["id"] as? String } == [ids[4].description], "\(both)")
            #expect(artifacts.first?["metadata"] as? [String: String] == ["team": "ml", "run": "b"])

            let malformed = try await runCairn(["ls", "--meta", "owner", "--catalog", socket])
            #expect(malformed.status == 64, "\(malformed)")
            #expect(malformed.stderr.contains("--meta must be written name=value, got 'owner'"), "\(malformed.stderr)")
            let invalid = try await runCairn(["ls", Self.dataset, "--meta", "bad key=x", "--catalog", socket])
            #expect(invalid.status == 2 && invalid.stderr.contains("metadata filter key"), "\(invalid)")
        }
    }
}
