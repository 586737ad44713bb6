import CairnServer
import CairnStore
import Foundation
import Testing

/// redis-py, the Python Redis client, against a real server: `Python/redis_py_check.py` runs the
/// connection, cache and catalog commands, a 1,000-command pipeline, INFO, RESP3, every byte value and
/// concurrent clients in protected mode, and AUTH per role with passwords; it exits non-zero at the
/// first reply it did not expect.
@Suite struct RedisPyTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Python/redis_py_check.py").path

    @Test func redisPyRunsEveryCommandInProtectedMode() async throws {
        try await Self.requireRedisPy()
        try await withServer { port in try await Self.check(port: port) }
    }

    @Test func redisPyAuthenticatesPerRoleAndIsRefusedWithoutOrWithAWrongPassword() async throws {
        try await Self.requireRedisPy()
        let passwords = Passwords(reader: "reader-secret", writer: "writer-secret", admin: "admin-secret")
        try await withServer(configure: { $0.passwords = passwords }) { port, _ in
            try await Self.check(
                port: port, "--reader", "reader-secret", "--writer", "writer-secret", "--admin", "admin-secret")
        }
    }

    /// Runs the script against `port`; its output is the failure message when it fails.
    static func check(port: Int, _ options: String...) async throws {
        let output = try await Blocking.run {
            try ProcessRunner.run("/usr/bin/env", ["python3", script, "\(port)"] + options)
        }
        #expect(output.status == 0, "redis_py_check.py exited with \(output.status):\n\(output.text)")
        #expect(output.text.hasSuffix("all checks passed"), "\(output.text)")
    }

    /// Fails (never skips) when python3 or its redis package is missing.
    static func requireRedisPy() async throws {
        let probe = try await Blocking.run {
            try ProcessRunner.run("/usr/bin/env", ["python3", "-c", "import redis; print(redis.__version__)"])
        }
        try #require(
            probe.status == 0,
            "python3 with the redis package is needed (scripts/install-deps runs `python3 -m pip install redis`): \(probe.text)"
        )
    }
}
