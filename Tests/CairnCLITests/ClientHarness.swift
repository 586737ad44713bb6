import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// What one run of the `cairn` binary printed.
struct CommandResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `cairn` with `arguments`, capturing its standard output and error apart.
func runCairn(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandResult {
    // ProcessRunner (posix_spawn and waitpid), not Foundation's Process: Process can miss the exit
    // of children launched concurrently from several threads, and these tests run in parallel.
    let base = "/tmp/cairn-cli-" + UUID().uuidString.prefix(8).lowercased()
    defer {
        unlink(base + ".out")
        unlink(base + ".err")
    }
    return try await Blocking.run {
        // Through env(1): the spawn passes this process's environment on unchanged.
        let pid = try ProcessRunner.spawn(
            ["/usr/bin/env"] + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                + [ServeCommandTests.binary] + arguments,
            output: base + ".out", errors: base + ".err")
        let status = try ProcessRunner.wait(pid)
        return CommandResult(
            status: status, stdout: (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? "")
    }
}

/// `--json` output: one JSON object.
func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not an object: \(text)")
}

/// A running `cairn serve`: where it listens and what it printed on start.
struct ServeProcess: Sendable {
    /// The Unix socket, unless started with `--unix-socket none`.
    var socket: String?
    /// The TCP port, read from the `cairn: listening on <host>:<port>` line.
    var port: Int
    /// Everything printed up to the line that says how to stop it.
    var output: String
    /// The output file, which keeps growing while it runs.
    var log: String

    /// `--catalog` for TCP.
    var tcp: String { "127.0.0.1:\(port)" }
}

/// `cairn serve` on a fresh database, listening on a Unix socket and a free TCP port (`--port 0`)
/// until `body` returns; `body` gets the socket path.
func withServe(_ body: (String) async throws -> Void) async throws {
    try await withServe { serve in try await body(try #require(serve.socket)) }
}

/// `cairn serve --port 0 <arguments>` on a fresh database, with `environment` added to its own, until
/// `body` returns. A Unix socket is added unless `arguments` has `--unix-socket`, and a blob directory
/// of its own unless it has `--blob-dir` or `--data-dir` (not `./.cairn/blobs` in the working directory).
func withServe(
    _ arguments: [String] = [], environment: [String: String] = [:], _ body: (ServeProcess) async throws -> Void
) async throws {
    try await TestDatabase.withEmptyDatabase { url in
        let name = "/tmp/cairn-cli-" + UUID().uuidString.prefix(8).lowercased()
        let socket = arguments.contains("--unix-socket") ? nil : name + ".sock"
        let log = name + ".log"
        let blobs = arguments.contains("--blob-dir") || arguments.contains("--data-dir") ? nil : name + ".blobs"
        defer {
            try? FileManager.default.removeItem(atPath: log)
            if let blobs { try? FileManager.default.removeItem(atPath: blobs) }
        }
        // Through env(1): the spawn passes this process's environment on unchanged.
        let argv =
            ["/usr/bin/env"] + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            + [ServeCommandTests.binary, "serve", "--database-url", url, "--port", "0"]
            + (socket.map { ["--unix-socket", $0] } ?? []) + (blobs.map { ["--blob-dir", $0] } ?? []) + arguments
        let pid = try await Blocking.run { try ProcessRunner.spawn(argv, output: log) }
        // Stopped and waited for on a thread of its own, not in a `defer`: waiting out its graceful
        // shutdown there would hold one of the few cooperative threads every test shares.
        try await withCleanup {
            try await body(try await started(socket: socket, log: log))
        } cleanup: {
            kill(pid, SIGTERM)
            _ = try? await Blocking.run { try ProcessRunner.wait(pid) }
        }
    }
}

/// Waits up to 60 s for `cairn serve` to say it is ready in `log`, and reads where it listens.
private func started(socket: String?, log: String) async throws -> ServeProcess {
    var output = ""
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(60)
    while !output.contains("press Ctrl-C") && clock.now < deadline {
        try await Task.sleep(for: .milliseconds(100))
        output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    }
    guard output.contains("press Ctrl-C"), let port = listeningPort(output) else {
        throw CocoaError(
            .fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "cairn serve did not start: \(output)"])
    }
    return ServeProcess(socket: socket, port: port, output: output, log: log)
}

/// The port of the `cairn: listening on <host>:<port>…` line.
func listeningPort(_ output: String) -> Int? {
    guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("cairn: listening on ") }) else {
        return nil
    }
    let address = line.dropFirst("cairn: listening on ".count).prefix { $0 != " " && $0 != "," }
    return address.split(separator: ":").last.flatMap { Int($0) }
}
