import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// A running `cairn serve` (the built binary) with its RESP, HTTP and gRPC listeners on ports the
/// system chose (`--port 0 --http-port 0 --grpc-port 0`), read from the lines it prints on start.
struct FlyteServe: Sendable {
    /// The RESP port (`cairn: listening on <host>:<port>`).
    var port: Int
    /// The HTTP listener's port, where the Connect routes are (`cairn: http on http://<host>:<port> …`).
    var httpPort: Int
    /// The datacatalog gRPC port (`cairn: grpc on <host>:<port> …`).
    var grpcPort: Int
    /// The database it serves.
    var databaseURL: String
    /// Its blob directory.
    var blobs: String
    /// Its output file, which keeps growing while it runs.
    var log: String

    /// Everything it printed so far.
    var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// `cairn`, built beside this test bundle.
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("cairn").path
    }

    /// `cairn serve` on a fresh database until `body` returns, then SIGTERM and a wait for its exit.
    static func with(_ body: (FlyteServe) async throws -> Void) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: binary), "cairn is not built at \(binary)")
        try await TestDatabase.withEmptyDatabase { url in
            let name = "/tmp/cairn-flyte-" + UUID().uuidString.prefix(8).lowercased()
            let log = name + ".log"
            let blobs = name + ".blobs"
            defer {
                try? FileManager.default.removeItem(atPath: log)
                try? FileManager.default.removeItem(atPath: blobs)
            }
            let argv = [
                binary, "serve", "--database-url", url, "--unix-socket", "none", "--blob-dir", blobs, "--port", "0",
                "--http-port", "0", "--grpc-port", "0",
            ]
            let pid = try await Blocking.run { try ProcessRunner.spawn(argv, output: log) }
            // Stopped and waited for on a thread of its own, not in a `defer`: waiting out its graceful
            // shutdown there would hold one of the few cooperative threads every test shares.
            try await withCleanup {
                let output = try await started(log: log)
                guard let port = Self.port(output, after: "cairn: listening on "),
                    let httpPort = Self.port(output, after: "cairn: http on "),
                    let grpcPort = Self.port(output, after: "cairn: grpc on ")
                else {
                    throw CocoaError(
                        .fileReadUnknown,
                        userInfo: [
                            NSLocalizedDescriptionKey: "no RESP, http or grpc port in what it printed:\n\(output)"
                        ])
                }
                try await body(
                    FlyteServe(
                        port: port, httpPort: httpPort, grpcPort: grpcPort, databaseURL: url, blobs: blobs, log: log))
            } cleanup: {
                kill(pid, SIGTERM)
                _ = try? await Blocking.run { try ProcessRunner.wait(pid) }
            }
        }
    }

    /// What every listener prints once bound. They start side by side, so any may come last.
    static let readyLines = ["press Ctrl-C", "cairn: http on ", "cairn: grpc on "]

    /// Waits up to 60 s for `cairn serve` to say in `log` that all three listeners are bound; what
    /// it printed by then.
    private static func started(log: String) async throws -> String {
        var output = ""
        let deadline = ContinuousClock.now + .seconds(60)
        while !readyLines.allSatisfy(output.contains) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        }
        guard readyLines.allSatisfy(output.contains) else {
            throw CocoaError(
                .fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "cairn serve did not start:\n\(output)"])
        }
        return output
    }

    /// The port of the first line starting with `prefix` and then `[scheme://]host:port`.
    static func port(_ output: String, after prefix: String) -> Int? {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return nil }
        var address = line.dropFirst(prefix.count).prefix { $0 != " " && $0 != "," && $0 != ")" }
        if let scheme = address.range(of: "://") { address = address[scheme.upperBound...] }
        return address.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) }
    }
}
