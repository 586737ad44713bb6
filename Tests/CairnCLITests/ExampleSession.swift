import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// Where one document's examples run: a scratch working directory holding a copy of `examples/`,
/// a fresh database, and a `cairn serve` on both (its blobs in `./.cairn/blobs`, as `cairn run`'s).
///
/// Commands run in bash in that directory, with `cairn` the built binary and `redis-cli` answering
/// as it does on a terminal (`--no-raw`). The environment points the CLI at the server
/// (`CAIRN_CATALOG`), `cairn run` and `cairn admin` at the database (`CAIRN_DATABASE_URL`) and at
/// `./.cairn` (`CAIRN_DATA_DIR`). The text of a command is changed in two ways only:
/// `.build/release/cairn` becomes `cairn`, and port 7379 (`-p 7379`, `127.0.0.1:7379`) the
/// server's own.
struct ExampleSession {
    /// The shell's working directory.
    var directory: String
    /// Scripts, their output, the server's log and the `bin` directory put first on `PATH`.
    var scratch: String
    var databaseURL: String
    private var server: (pid: pid_t, port: Int)?
    private var starts = 0

    /// The output of each command of one run, in order; fewer when the shell ended early.
    typealias Outputs = [[String]]

    /// A server that did not start.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private static let marker = "@@cairn-documentation-example-done@@"

    /// Runs `body` with a new session, stopping its server and removing its files afterwards.
    static func with(_ body: (inout ExampleSession) async throws -> Void) async throws {
        try await TestDatabase.withEmptyDatabase { url in
            try await withScratchDirectory("cairn-docs-") { scratch in
                var session = ExampleSession(directory: scratch + "/work", scratch: scratch, databaseURL: url)
                let prepared = session
                try await Blocking.run { try prepared.prepare() }
                try await withCleanup {
                    try await body(&session)
                } cleanup: {
                    await session.stop()
                }
            }
        }
    }

    /// The working directory with `examples/`, and `bin` with `cairn`.
    private func prepare() throws {
        let files = FileManager.default
        let bin = scratch + "/bin"
        try files.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try files.copyItem(
            atPath: ComposeFile.repositoryFile("examples").path, toPath: directory + "/examples")
        try files.createSymbolicLink(atPath: bin + "/cairn", withDestinationPath: ServeCommandTests.binary)
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        _ = try #require(
            paths.map { "\($0)/redis-cli" }.first { files.isExecutableFile(atPath: $0) },
            "redis-cli is not installed: scripts/install-deps installs redis-tools")
    }

    /// This process's environment without `CAIRN_*` variables, with `extra` added.
    private static func environment(_ extra: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CAIRN_") }.merging(extra) { $1 }
    }

    /// Stops the running server, if any, and starts `cairn serve <arguments>` on the session's
    /// database and `./.cairn`, on a free port.
    mutating func serve(_ arguments: [String]) async throws {
        await stop()
        starts += 1
        let log = scratch + "/serve-\(starts).log"
        let argv =
            [
                ServeCommandTests.binary, "serve", "--database-url", databaseURL, "--data-dir", directory + "/.cairn",
                "--port", "0", "--unix-socket", "none",
            ] + arguments
        let environment = Self.environment([:])
        let pid = try await Blocking.run { try ProcessRunner.spawn(argv, output: log, environment: environment) }
        var output = ""
        let deadline = ContinuousClock.now + .seconds(60)
        while !output.contains("press Ctrl-C") && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        }
        guard output.contains("press Ctrl-C"), let port = listeningPort(output) else {
            kill(pid, SIGKILL)
            _ = try? await Blocking.run { try ProcessRunner.wait(pid) }
            throw Failure(description: "cairn serve \(arguments) did not start:\n\(output)")
        }
        server = (pid, port)
    }

    /// Stops the server and waits for it (on a thread of its own).
    mutating func stop() async {
        guard let (pid, _) = server else { return }
        server = nil
        kill(pid, SIGTERM)
        _ = try? await Blocking.run { try ProcessRunner.wait(pid) }
    }

    /// `text` as the shell runs it: the release binary is the built one, port 7379 the server's.
    func shellText(_ text: String) -> String {
        let port = server?.port ?? 7379
        return text.replacingOccurrences(of: ".build/release/cairn", with: "cairn")
            .replacingOccurrences(of: "-p 7379", with: "-p \(port)")
            .replacingOccurrences(of: "127.0.0.1:7379", with: "127.0.0.1:\(port)")
    }

    /// Runs `commands` in order in one bash, standard output and error together, for at most
    /// `timeout` seconds in all; returns each one's output lines.
    func run(_ commands: [String], timeout: Int = 600) async throws -> Outputs {
        let name = scratch + "/script-" + UUID().uuidString.prefix(8)
        // redis-cli as a function, not a script in bin/: executing a file this process has just
        // written can fail with ETXTBSY while another test's spawned child still holds it open.
        var script = """
            exec </dev/null 2>&1
            redis-cli() { command redis-cli --no-raw "$@"; }
            cd '\(directory)' || exit 1

            """
        for command in commands { script += shellText(command) + "\nprintf '\\n%s\\n' '\(Self.marker)'\n" }
        let environment = Self.environment([
            "PATH": scratch + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
            "CAIRN_CATALOG": "127.0.0.1:\(server?.port ?? 7379)",
            "CAIRN_DATABASE_URL": databaseURL,
            "CAIRN_DATA_DIR": directory + "/.cairn",
        ])
        let argv = ["/usr/bin/timeout", "-k", "10", "\(timeout)", "/bin/bash", name + ".sh"]
        let text = try await Blocking.run { [script] in
            try script.write(toFile: name + ".sh", atomically: true, encoding: .utf8)
            _ = try ProcessRunner.wait(try ProcessRunner.spawn(argv, output: name + ".out", environment: environment))
            return (try? String(contentsOfFile: name + ".out", encoding: .utf8)) ?? ""
        }
        return text.components(separatedBy: "\n\(Self.marker)\n").dropLast().map { chunk in
            var lines = chunk.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            while lines.last == "" { lines.removeLast() }
            return lines
        }
    }
}
