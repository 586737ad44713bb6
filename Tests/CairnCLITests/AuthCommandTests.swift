import Foundation
import Testing

/// Passwords end to end: `cairn serve` given them in a file or the environment, the client commands
/// authenticating with `--user`/`--password` or `CAIRN_USER`/`CAIRN_PASSWORD`.
@Suite struct AuthCommandTests {
    static let dataset = "proj/dev/task-a/v1"
    static let noAuth =
        "Error: NOAUTH Authentication required. (the server needs a password: give --password or set CAIRN_PASSWORD)\n"

    @Test func aPasswordFileGivesEachUserItsRole() async throws {
        let file = "/tmp/cairn-passwords-\(UUID().uuidString.prefix(8)).yaml"
        try "reader: r-secret\nwriter: w-secret\nadmin: a-secret\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        try await withServe(["--password-file", file]) { serve in
            let socket = try #require(serve.socket)
            #expect(serve.output.contains(", passwords required (AUTH)\n"), "\(serve.output)")
            let put = try await runCairn([
                "put", Self.dataset, "t1", "o0=42", "--user", "writer", "--password", "w-secret", "--catalog", socket,
            ])
            #expect(put.status == 0 && put.stdout.hasSuffix(" created\n"), "\(put)")
            let id = String(put.stdout.prefix { $0 != " " })

            // The password from the environment, out of the process list.
            let get = try await runCairn(
                ["get", Self.dataset, "t1", "--catalog", socket],
                environment: ["CAIRN_USER": "reader", "CAIRN_PASSWORD": "r-secret"])
            #expect(get.status == 0 && get.stdout == "\(id)\no0 = 42\n", "\(get)")

            let refused = try await runCairn(
                ["put", Self.dataset, "t2", "o0=1", "--catalog", socket],
                environment: ["CAIRN_USER": "reader", "CAIRN_PASSWORD": "r-secret"])
            #expect(refused.status == 2 && refused.stdout.isEmpty, "\(refused)")
            #expect(
                refused.stderr == "Error: NOPERM User reader has no permissions to run the 'cache.put' command\n",
                "\(refused.stderr)")

            let anonymous = try await runCairn(["get", Self.dataset, "t1", "--catalog", socket])
            #expect(anonymous.status == 2 && anonymous.stdout.isEmpty, "\(anonymous)")
            #expect(anonymous.stderr == Self.noAuth, "\(anonymous.stderr)")

            let wrong = try await runCairn([
                "get", Self.dataset, "t1", "--user", "admin", "--password", "w-secret", "--catalog", socket,
            ])
            #expect(wrong.status == 2 && wrong.stdout.isEmpty, "\(wrong)")
            #expect(
                wrong.stderr == "Error: WRONGPASS invalid username-password pair or user is disabled. "
                    + "(check --user or CAIRN_USER, and --password or CAIRN_PASSWORD)\n",
                "\(wrong.stderr)")

            let info = try json(
                try await runCairn([
                    "info", "--json", "--user", "admin", "--password", "a-secret", "--catalog", socket,
                ]).stdout)
            let stats = try #require(info["stats"] as? [String: String])
            #expect(stats["total_auth_failures"] == "1" && stats["total_puts_created"] == "1")
            let errors = try #require(info["errorstats"] as? [String: String])
            #expect(
                errors == [
                    "errorstat_NOAUTH": "count=1", "errorstat_NOPERM": "count=1", "errorstat_WRONGPASS": "count=1",
                ])
            #expect((info["server"] as? [String: String])?["protected_mode"] == "no")
        }
    }

    @Test func aWriterPasswordFromTheEnvironmentIsPlainAuth() async throws {
        try await withServe(environment: ["CAIRN_WRITER_PASSWORD": "w-env"]) { serve in
            let socket = try #require(serve.socket)
            let put = try await runCairn([
                "put", Self.dataset, "t1", "o0=42", "--password", "w-env", "--catalog", socket,
            ])
            #expect(put.status == 0 && put.stdout.hasSuffix(" created\n"), "\(put)")
            let get = try await runCairn(
                ["get", Self.dataset, "t1", "--json", "--catalog", socket], environment: ["CAIRN_PASSWORD": "w-env"])
            #expect(get.status == 0, "\(get)")
            #expect(try json(get.stdout)["data"] as? [String: String] == ["o0": "42"])
            // No reader password is set, so nobody can log in as the reader.
            let reader = try await runCairn([
                "get", Self.dataset, "t1", "--user", "reader", "--password", "w-env", "--catalog", socket,
            ])
            #expect(reader.status == 2 && reader.stderr.hasPrefix("Error: WRONGPASS "), "\(reader)")
            let anonymous = try await runCairn(["put", Self.dataset, "t2", "o0=1", "--catalog", socket])
            #expect(anonymous.status == 2 && anonymous.stderr == Self.noAuth)
        }
    }
}
