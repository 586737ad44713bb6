import Foundation
import Testing

/// A usage error shows the usage of the subcommand it is about, whether ArgumentParser finds it
/// while parsing or the subcommand while running, never only the top-level `cairn <subcommand>`.
@Suite struct UsageErrorTests {
    /// Checks that `arguments` fail with exit status 64, `message` and the usage of `command`.
    func expectUsage(_ arguments: [String], _ message: String, command: String) async throws {
        let result = try await runCairn(arguments)
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("Error: \(message)"), "\(result.stderr)")
        #expect(result.stderr.contains("Usage: \(command) "), "\(result.stderr)")
        #expect(result.stderr.contains("See '\(command) --help' for more information."), "\(result.stderr)")
        #expect(!result.stderr.contains("Usage: cairn <subcommand>"), "\(result.stderr)")
    }

    @Test func errorsFoundWhileParsingShowTheSubcommandsUsage() async throws {
        try await expectUsage(["admin", "purge", "--bogus"], "Unknown option '--bogus'", command: "cairn admin purge")
        try await expectUsage(["get"], "Missing expected argument '<dataset>'", command: "cairn get")
        try await expectUsage(["get", "a/b/c/d"], "Missing expected argument '<tag>'", command: "cairn get")
    }

    @Test func errorsFoundWhileRunningShowTheSubcommandsUsage() async throws {
        try await expectUsage(
            ["admin", "purge"], "selection: is empty: give at least one selector", command: "cairn admin purge")
        try await expectUsage(
            ["get", "a/b/c", "t"], "dataset: expected project/domain/name/version", command: "cairn get")
        try await expectUsage(
            ["put", "a/b/c/d", "t", "noequals"], "a data item must be written name=value", command: "cairn put")
        try await expectUsage(
            ["run", "w.yaml", "--overrides", "/nonexistent/overrides.yaml"], "--overrides /nonexistent/overrides.yaml",
            command: "cairn run")
    }
}
