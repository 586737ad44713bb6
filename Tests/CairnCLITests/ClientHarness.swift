import CairnStore
import CairnTestSupport
import Foundation

/// What one run of the `cairn` binary printed.
struct CommandResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `cairn` with `arguments`, capturing its standard output and error apart.
func runCairn(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandResult {
    try await Blocking.run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServeCommandTests.binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read before waiting: a child blocked on a full pipe would never exit.
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }
}

/// `cairn serve` on a fresh database, listening on a Unix socket (and a free TCP port) until `body`
/// returns; `body` gets the socket path.
func withServe(_ body: (String) async throws -> Void) async throws {
    try await TestDatabase.withEmptyDatabase { url in
        let name = "/tmp/cairn-cli-" + UUID().uuidString.prefix(8).lowercased()
        let socket = name + ".sock"
        let log = name + ".log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let pid = try ProcessRunner.spawn(
            [ServeCommandTests.binary, "serve", "--database-url", url, "--port", "0", "--unix-socket", socket],
            output: log)
        defer {
            kill(pid, SIGTERM)
            _ = try? ProcessRunner.wait(pid)
        }
        var output = ""
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        while !output.contains("press Ctrl-C") && clock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        }
        guard output.contains("press Ctrl-C") else {
            throw CocoaError(
                .fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "cairn serve did not start: \(output)"])
        }
        try await body(socket)
    }
}
