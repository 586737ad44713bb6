import Testing

/// Numbers given on the command line or in `CAIRN_*` variables are range-checked when `cairn`
/// starts, with an error naming the option or variable and the range, before anything runs.
@Suite struct NumericOptionTests {
    private func refusal(_ arguments: [String], environment: [String: String] = [:]) async throws -> String {
        let result = try await runCairn(arguments, environment: environment)
        #expect(result.status != 0, "\(arguments) \(environment) was accepted: \(result)")
        return result.stderr
    }

    @Test func serverOptionsOutsideTheirRanges() async throws {
        let port = try await refusal(["serve", "--port", "99999", "--database-url", "host=/nonexistent"])
        #expect(port.contains("--port must be an integer in 0 … 65535, got '99999'"), "\(port)")
        let variable = try await refusal(
            ["serve", "--database-url", "host=/nonexistent"], environment: ["CAIRN_MAX_CLIENTS": "1e308"])
        #expect(variable.contains("CAIRN_MAX_CLIENTS must be an integer in 1 … 1000000, got '1e308'"), "\(variable)")
        let idle = try await refusal(["serve", "--idle-timeout=-1", "--database-url", "host=/nonexistent"])
        #expect(idle.contains("--idle-timeout must be an integer in 0 … 31536000 seconds"), "\(idle)")
        let connections = try await refusal(
            ["serve", "--database-url", "host=/nonexistent"], environment: ["CAIRN_DB_CONNECTIONS": "-5"])
        #expect(connections.contains("CAIRN_DB_CONNECTIONS must be an integer in 1 … 256, got '-5'"), "\(connections)")
    }

    @Test func clientOptionsOutsideTheirRanges() async throws {
        let ttl = try await refusal(["put", "a/b/c/d", "t", "o0=1", "--ttl", "9223372036854"])
        #expect(ttl.contains("--ttl must be an integer in 1 … 3153600000 seconds"), "\(ttl)")
        let lease = try await refusal(["reserve", "a/b/c/d", "t", "me", "--lease-ms=-5"])
        #expect(lease.contains("--lease-ms must be an integer in 0 … 86400000 ms, got '-5'"), "\(lease)")
        let fence = try await refusal(["put", "a/b/c/d", "t", "o0=1", "--fence=-1"])
        #expect(fence.contains("--fence must be an integer"), "\(fence)")
        let batch = try await refusal(
            ["admin", "purge", "--all", "--dry-run"], environment: ["CAIRN_PURGE_BATCH": "0"])
        #expect(batch.contains("CAIRN_PURGE_BATCH must be an integer in 1 … 100000, got '0'"), "\(batch)")
        let parallelism = try await refusal(["run", "w.yaml"], environment: ["CAIRN_PARALLELISM": "-3"])
        #expect(parallelism.contains("CAIRN_PARALLELISM must be an integer in 1 … 4096, got '-3'"), "\(parallelism)")
    }
}
