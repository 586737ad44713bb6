import Testing

/// `cairn serve`'s gRPC and Flyte options are checked when it starts, with an error naming the
/// option, before anything runs.
@Suite struct GRPCOptionTests {
    private func refusal(_ arguments: [String], environment: [String: String] = [:]) async throws -> String {
        let result = try await runCairn(
            ["serve", "--database-url", "host=/nonexistent"] + arguments, environment: environment)
        #expect(result.status != 0, "\(arguments) \(environment) was accepted: \(result)")
        return result.stderr
    }

    @Test func badGRPCAndFlyteOptionsAreRefusedNamingTheOption() async throws {
        let port = try await refusal(["--grpc-port", "70000"])
        #expect(port.contains("--grpc-port must be an integer in 0 … 65535, got '70000'"), "\(port)")
        let variable = try await refusal([], environment: ["CAIRN_GRPC_PORT": "x"])
        #expect(variable.contains("CAIRN_GRPC_PORT must be an integer"), "\(variable)")
        let half = try await refusal(["--grpc-port", "0", "--tls-cert", "/etc/hostname"])
        #expect(half.contains("--tls-cert and --tls-key go together"), "\(half)")
        let missing = try await refusal(["--grpc-port", "0", "--tls-cert", "/nonexistent.pem", "--tls-key", "/k.pem"])
        #expect(missing.contains("--tls-cert /nonexistent.pem: no readable file"), "\(missing)")
        let access = try await refusal(["--flyte-access", "everyone"])
        #expect(access.contains("--flyte-access must be 'server' or 'open', got 'everyone'"), "\(access)")
        let heartbeat = try await refusal([], environment: ["CAIRN_RESERVATION_MAX_HEARTBEAT": "0"])
        #expect(heartbeat.contains("CAIRN_RESERVATION_MAX_HEARTBEAT must be an integer in 1 … 86400"), "\(heartbeat)")
        let message = try await refusal(["--grpc-port", "0", "--grpc-max-message", "12"])
        #expect(message.contains("--grpc-max-message 12: expected a size in 1KiB … 1GiB"), "\(message)")
    }
}
