import CairnCore
import CairnS3
import CairnStore
import CairnTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `cairn run`, `admin purge` and `admin fsck` with `--blob-store s3://…` against the moto server
/// `scripts/test` starts (`CAIRN_TEST_S3_ENDPOINT`).
@Suite(.timeLimit(.minutes(3))) struct S3BlobCommandTests {
    /// `produce` writes a string of 300 x's (offloaded at 64 bytes); `measure` (not cached) reads it back.
    static let workflow = """
        workflow: s3blobs
        project: tests
        domain: s3
        outputs:
          length: {type: int, from: $measure.length}
        tasks:
          produce:
            outputs: {text: string}
            command: [python3, -c, "import json, os; json.dump({'text': 'x' * 300}, open(os.environ['CAIRN_OUTPUTS'], 'w'))"]
            cache: {enabled: true, version: "1"}
          measure:
            inputs: {text: string}
            outputs: {length: int}
            command: [python3, -c, "import json, os; t = json.load(open(os.environ['CAIRN_INPUTS']))['text']; json.dump({'length': len(t)}, open(os.environ['CAIRN_OUTPUTS'], 'w'))"]
            cache: {enabled: false}
        nodes:
          - {id: produce, task: produce}
          - {id: measure, task: measure, inputs: {text: $produce.text}}
        """

    static let credentials = S3Credentials(accessKeyID: "cairn-test", secretAccessKey: "cairn-test")
    static let environment = ["AWS_ACCESS_KEY_ID": "cairn-test", "AWS_SECRET_ACCESS_KEY": "cairn-test"]

    static func endpoint() throws -> String {
        guard let value = ProcessInfo.processInfo.environment["CAIRN_TEST_S3_ENDPOINT"], !value.isEmpty else {
            throw CairnError(.unavailable, "CAIRN_TEST_S3_ENDPOINT is not set: run the suite with scripts/test")
        }
        return value
    }

    /// A fresh bucket, a database, a server and a scratch directory; `body` gets `cairn run`'s
    /// arguments (the workflow file first), the blob store's, the client, the bucket and the database.
    static func withSetup(
        _ body: (_ common: [String], _ store: [String], _ client: S3Client, _ bucket: String, _ url: String)
            async throws
            -> Void
    ) async throws {
        var configuration = S3Client.Configuration()
        configuration.endpoint = try endpoint()
        configuration.pathStyle = true
        let client = try S3Client(configuration: configuration, credentials: credentials)
        let bucket = "cairn-cli-\(UUID().uuidString.lowercased().prefix(8))"
        try await client.createBucket(bucket)
        do {
            try await withScratchDirectory("cairn-s3-cli-") { directory in
                try await TestDatabase.withEmptyDatabase { url in
                    try Self.workflow.write(toFile: directory + "/wf.yaml", atomically: true, encoding: .utf8)
                    let store = [
                        "--blob-store", "s3://\(bucket)/cache", "--s3-endpoint", try endpoint(), "--s3-path-style",
                        // Never the local default: a value read back must come from S3.
                        "--blob-dir", directory + "/no-blobs",
                    ]
                    // The server shares the database (its catalog is what purge and fsck check) and
                    // the store, so its blob check asks S3 too.
                    let serveArguments = ["--unix-socket", "none", "--database-url", url] + store
                    try await withServe(serveArguments, environment: Self.environment) { serve in
                        let common = [
                            directory + "/wf.yaml", "--database-url", url, "--catalog", serve.tcp, "--run-dir",
                            directory + "/runs", "--raw-data", directory + "/raw", "--offload-min", "64",
                        ]
                        try await body(common, store, client, bucket, url)
                    }
                    #expect(!FileManager.default.fileExists(atPath: directory + "/no-blobs"))
                }
            }
        } catch {
            await Self.drop(bucket, client)
            throw error
        }
        await Self.drop(bucket, client)
    }

    static func drop(_ bucket: String, _ client: S3Client) async {
        if let page = try? await client.listObjects(bucket: bucket) {
            for object in page.objects { try? await client.deleteObject(bucket: bucket, key: object.key) }
        }
        try? await client.deleteBucket(bucket)
        try? await client.shutdown()
    }

    static func keys(_ client: S3Client, _ bucket: String) async throws -> [String] {
        try await client.listObjects(bucket: bucket).objects.map(\.key)
    }

    /// Runs the workflow with `--json`; returns each node's cache status and the workflow's output.
    static func run(_ arguments: [String]) async throws -> (cache: [String: String], length: Int?) {
        // The first argument is the workflow file.
        let result = try await runCairn(["run", "--json"] + arguments, environment: environment)
        #expect(result.status == 0, "\(result)")
        let report = try json(result.stdout)
        let nodes = try #require(report["nodes"] as? [[String: Any]], "\(result)")
        var cache: [String: String] = [:]
        for node in nodes { cache[node["id"] as? String ?? ""] = node["cache"] as? String ?? "none" }
        return (cache, (report["outputs"] as? [String: Any])?["length"] as? Int)
    }

    @Test func runOffloadsToS3AndAReRunReadsTheValueBack() async throws {
        try await Self.withSetup { common, store, client, bucket, _ in
            let first = try await Self.run(common + store)
            #expect(first.cache["produce"] == "POPULATED")
            #expect(first.length == 300)
            let keys = try await Self.keys(client, bucket)
            #expect(keys.count == 1 && keys[0].hasPrefix("cache/") && keys[0].hasSuffix(".z"), "\(keys)")

            let second = try await Self.run(common + store)
            #expect(second.cache["produce"] == "HIT")
            // measure is not cached: it ran on the 300 x's read back from S3.
            #expect(second.length == 300)
        }
    }

    @Test func purgeWithS3DownKeepsItsQueueAndFinishesWhenS3IsBack() async throws {
        try await Self.withSetup { common, store, client, bucket, url in
            _ = try await Self.run(common + store)
            let database = ["admin", "purge", "--database-url", url, "--all", "--json", "--blob-grace", "0s"]
            var down = store
            down[down.firstIndex(of: "--s3-endpoint")! + 1] = "http://127.0.0.1:\(try Self.closedPort())"
            let failed = try await runCairn(database + down, environment: Self.environment)
            #expect(failed.status == 0, "\(failed)")
            let summary = try json(failed.stdout)
            #expect(summary["artifacts"] as? Int == 1 && summary["blobs_deleted"] as? Int == 0, "\(failed)")
            #expect(summary["blobs_deferred"] as? Int == 1, "\(failed)")
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM blob_deletions") == 1)
            #expect(try await Self.keys(client, bucket).count == 1)

            let back = try await runCairn(database + store, environment: Self.environment)
            #expect(back.status == 0, "\(back)")
            #expect(try json(back.stdout)["blobs_deleted"] as? Int == 1, "\(back)")
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM blob_deletions") == 0)
            #expect(try await Self.keys(client, bucket).isEmpty)
        }
    }

    @Test func fsckFindsAnOrphanAndAMissingObjectOnS3() async throws {
        try await Self.withSetup { common, store, client, bucket, url in
            _ = try await Self.run(common + store)
            let referenced = try #require(try await Self.keys(client, bucket).first)
            let orphan = "cache/" + SHA256Digest.of(Array("nobody's".utf8)).hex + ".z"
            try await client.putObject(
                bucket: bucket, key: orphan, bytes: .init(bytes: try Zlib.compress(Array("nobody's".utf8))))
            try await client.deleteObject(bucket: bucket, key: referenced)

            let fsck = ["admin", "fsck", "--database-url", url, "--grace", "0s", "--json"]
            let result = try await runCairn(fsck + store, environment: Self.environment)
            #expect(result.status == 1, "\(result)")
            let summary = try #require(try json(result.stdout)["summary"] as? [String: Any], "\(result)")
            #expect(summary["orphans"] as? Int == 1, "\(summary)")
            #expect(summary["missing"] as? Int == 1, "\(summary)")
            #expect(summary["corrupt"] as? Int == 0, "\(summary)")

            let repaired = try await runCairn(fsck + store + ["--repair"], environment: Self.environment)
            #expect(repaired.status == 0, "\(repaired)")
            #expect(try await Self.keys(client, bucket).isEmpty)
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM artifacts") == 0)
        }
    }

    /// A loopback port nothing listens on (bound, then closed).
    static func closedPort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Bad `--blob-store` and S3 settings are refused before any work, naming the argument.
@Suite struct BlobStoreOptionErrorTests {
    @Test(arguments: [
        (
            ["--blob-store", "ftp://host/x"],
            "--blob-store ftp://host/x: expected s3://bucket/prefix, file:///path or a path"
        ),
        (["--blob-store", "s3://No_Such"], "bucket: 'No_Such' is not a bucket name"),
        (["--blob-store", "file://relative"], "a file URL needs an absolute path"),
        (["--blob-store", "s3://bucket-a", "--s3-exists-cache", "soon"], "--s3-exists-cache is not a duration"),
        (["--blob-store", "s3://bucket-a", "--s3-region", ""], "s3-region: must not be empty"),
    ])
    func isRefused(_ arguments: [String], _ message: String) async throws {
        let result = try await runCairn(["admin", "fsck", "--database-url", "postgres://127.0.0.1:1/none"] + arguments)
        #expect(result.status != 0 && result.stderr.contains(message), "\(result)")
    }

    @Test func aServeWhoseStartFailsAfterOpeningAnS3StoreExitsWithTheErrorNotACrash() async throws {
        // An unmigrated database with --no-migrate fails after the store is open; the S3 client must
        // still be shut down (async-http-client traps in a debug build when one is dropped running).
        try await TestDatabase.withEmptyDatabase { url in
            let result = try await runCairn(
                [
                    "serve", "--database-url", url, "--no-migrate", "--port", "0", "--unix-socket", "none",
                    "--blob-store", "s3://bucket-a/p", "--s3-endpoint",
                    "http://127.0.0.1:\(try S3BlobCommandTests.closedPort())",
                ],
                environment: S3BlobCommandTests.environment)
            #expect(result.status == 1 && result.stderr.contains("cairn admin migrate"), "\(result)")
        }
    }

    @Test func aBadEndpointIsNamed() async throws {
        let result = try await runCairn(
            [
                "admin", "fsck", "--database-url", "postgres://127.0.0.1:1/none", "--blob-store", "s3://bucket-a",
                "--s3-endpoint", "not a url",
            ],
            environment: S3BlobCommandTests.environment)
        #expect(
            result.status != 0
                && result.stderr.contains("s3-endpoint: 'not a url' is not an http(s)://host[:port] URL"), "\(result)")
    }
}
