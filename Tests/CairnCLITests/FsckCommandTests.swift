import CairnBlobs
import CairnCore
import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// `cairn admin fsck` and `cairn admin verify`, run as the built binary on PostgreSQL and a blob directory.
@Suite struct FsckCommandTests {
    /// What `withDrift` planted.
    struct Drift {
        var url: String
        var blobs: LocalBlobStore
        var lost: ArtifactID
        var missing: BlobReference
        var orphan: String
        var orphanSize: Int
        var old: Date

        var options: [String] { ["--database-url", url, "--blob-dir", blobs.root] }
    }

    /// A healthy artifact, one whose blob object is gone (tagged t1 and t2), and an orphan an hour old.
    func withDrift(_ body: (Drift) async throws -> Void) async throws {
        try await TestDatabase.withStore { store, url in
            let directory = "/tmp/cairn-fsck-cli-" + UUID().uuidString.prefix(8).lowercased()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let blobs = try LocalBlobStore(root: directory)
            let dataset = try DatasetID(parsing: "proj/dev/task/v1")
            let healthy = try await blobs.putOnThread(Array("content".utf8))
            _ = try await store.put(dataset, try TagName("ok"), data: [try DataItem(name: "o", value: .blob(healthy))])
            let missing = try await blobs.putOnThread(Array("lost".utf8))
            let lost = try await store.put(
                dataset, try TagName("t1"), data: [try DataItem(name: "o", value: .blob(missing))]
            ).artifactID
            _ = try await store.addTag(dataset, try TagName("t2"), artifact: lost)
            try FileManager.default.removeItem(atPath: blobs.path(of: missing.sha256))
            let orphan = blobs.path(of: try await blobs.putOnThread(Array("orphan".utf8)).sha256)
            let old = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 3600).rounded(.down))
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: orphan)
            let size = try #require(try FileManager.default.attributesOfItem(atPath: orphan)[.size] as? Int)
            try await body(
                Drift(url: url, blobs: blobs, lost: lost, missing: missing, orphan: orphan, orphanSize: size, old: old))
        }
    }

    @Test func fsckReportsDriftWithExitStatusOneRepairsItAndIsCleanAfterwards() async throws {
        try await withDrift { drift in
            let root = drift.blobs.root
            let missingPath = drift.blobs.path(of: drift.missing.sha256)
            let sha = drift.missing.sha256.hex
            let written = drift.old.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            let dry = try await runCairn(["admin", "fsck"] + drift.options)
            #expect(dry.status == 1, "\(dry)")
            let orphanLine = "orphan blob object \(drift.orphan) (\(drift.orphanSize) bytes, last written \(written))"
            let missingLine =
                "blob \(sha) missing: no object at \(missingPath); referenced by artifact \(drift.lost) in "
                + "proj/dev/task/v1 (tags t1, t2)"
            let objectsLine =
                "objects: 2 in \(root), 1 orphan(s) (\(drift.orphanSize) bytes), 0 stale temporary file(s), "
                + "0 within the grace period, 0 unrecognized"
            let referencesLine =
                "references: 2 checked (7 content bytes read), 0 outside the store not checked, 1 missing, "
                + "0 corrupt, 1 artifact(s) affected"
            let verdict = "fsck: 2 finding(s); run again with --repair to remove them"
            let expected: [String] = [orphanLine, missingLine, objectsLine, referencesLine, verdict]
            #expect(dry.stdout.split(separator: "\n").map(String.init) == expected)

            let verify = try await runCairn(["admin", "verify", "--json", "--quick"] + drift.options)
            #expect(verify.status == 1, "\(verify)")
            let report = try json(verify.stdout)
            let findings = try #require(report["findings"] as? [[String: Any]])
            #expect(findings.map { $0["kind"] as? String } == ["orphan", "missing"])
            #expect(findings.first?["path"] as? String == drift.orphan)
            #expect(findings.first?["modified"] as? Int64 == Int64(drift.old.timeIntervalSince1970 * 1000))
            #expect(findings.last?["sha256"] as? String == sha && findings.last?["uri"] as? String == drift.missing.uri)
            let artifacts = try #require(findings.last?["artifacts"] as? [[String: Any]])
            #expect(artifacts.count == 1 && artifacts.first?["artifact"] as? String == drift.lost.description)
            #expect(artifacts.first?["dataset"] as? String == "proj/dev/task/v1")
            #expect(artifacts.first?["tags"] as? [String] == ["t1", "t2"])
            #expect((report["actions"] as? [Any])?.isEmpty == true)
            let summary = try #require(report["summary"] as? [String: Any])
            #expect(summary["status"] as? String == "drift" && summary["unrepaired"] as? Int == 2)
            #expect(summary["quick"] as? Bool == true && summary["verified_bytes"] as? Int == 0)

            let repair = try await runCairn(["admin", "fsck", "--repair"] + drift.options)
            #expect(repair.status == 0, "\(repair)")
            let lines = repair.stdout.split(separator: "\n").map(String.init)
            #expect(lines.contains("deleted orphan \(drift.orphan)"), "\(lines)")
            #expect(
                lines.contains(
                    "demoted artifact \(drift.lost) in proj/dev/task/v1 (tags t1, t2): blob \(sha) missing: "
                        + "no object at \(missingPath)"), "\(lines)")
            #expect(
                lines.contains(
                    "repair: 1 file(s) deleted, 1 artifact(s) demoted, 0 object(s) collected (0 bytes), 0 failure(s)"))
            #expect(lines.last == "fsck: 2 finding(s), all repaired")
            #expect(!FileManager.default.fileExists(atPath: drift.orphan))

            let clean = try await runCairn(["admin", "fsck", "--json"] + drift.options)
            #expect(clean.status == 0, "\(clean)")
            #expect((try json(clean.stdout)["summary"] as? [String: Any])?["status"] as? String == "clean")
            #expect(try await TestDatabase.count(drift.url, "SELECT count(*) FROM artifacts") == 1)
        }
    }

    @Test func aMissingBlobDirectoryOrAMalformedGraceIsRefused() async throws {
        try await withDrift { drift in
            let nowhere = drift.blobs.root + "-nowhere"
            let missing = try await runCairn(["admin", "fsck", "--database-url", drift.url, "--blob-dir", nowhere])
            #expect(missing.status == 2 && missing.stdout.isEmpty, "\(missing)")
            #expect(missing.stderr.contains("Error: no blob store at \(nowhere)"), "\(missing.stderr)")
            #expect(!FileManager.default.fileExists(atPath: nowhere))

            let grace = try await runCairn(["admin", "fsck", "--grace", "soon"] + drift.options)
            #expect(grace.status == 64, "\(grace)")
            #expect(grace.stderr.contains("--grace soon: expected a duration"), "\(grace.stderr)")

            // A grace longer than the orphan's age spares it: only the missing object is drift.
            let spared = try await runCairn(["admin", "fsck", "--grace", "2h", "--json"] + drift.options)
            let summary = try #require(try json(spared.stdout)["summary"] as? [String: Any])
            #expect(summary["orphans"] as? Int == 0 && summary["within_grace"] as? Int == 1, "\(summary)")
            #expect(summary["missing"] as? Int == 1 && spared.status == 1)
        }
    }
}
