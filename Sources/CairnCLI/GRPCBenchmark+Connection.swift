import ArgumentParser
import CairnClient
import CairnFlyteProtocol
import GRPCCore
import GRPCNIOTransportHTTP2

extension GRPCBenchmark {
    /// Runs `body` with a benchmark on one gRPC connection (plaintext HTTP/2) and one RESP connection.
    static func with(
        grpc: String, resp: CairnClient.Configuration, keys: GRPCBenchKeys, loop: ClosedLoop,
        _ body: (GRPCBenchmark) async throws -> Void
    ) async throws {
        let transport = try HTTP2ClientTransport.Posix.http2NIOPosix(
            target: try target(grpc, option: "--grpc"), transportSecurity: .plaintext)
        let client = CairnClient(configuration: resp)
        do {
            try await client.connect()
            var loop = loop
            loop.server = await ProcessCPU.server(client)
            try await withGRPCClient(transport: transport) { grpcClient in
                try await body(
                    GRPCBenchmark(
                        catalog: Datacatalog_DataCatalog.Client(wrapping: grpcClient), resp: client, keys: keys,
                        loop: loop))
            }
        } catch {
            await client.close()
            throw error
        }
        await client.close()
    }

    /// A gRPC target from `host:port` or `[v6-address]:port`.
    static func target(_ text: String, option: String) throws -> any ResolvableTarget {
        let invalid = ValidationError("\(option) \(text): expected host:port, such as 127.0.0.1:8089")
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65_535).contains(port)
        else { throw invalid }
        let host = text[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]"), host.count > 2 {
            return .ipv6(address: String(host.dropFirst().dropLast()), port: port)
        }
        guard !host.isEmpty, !host.contains(":"), !host.contains("/") else { throw invalid }
        if host.split(separator: ".").count == 4, host.allSatisfy({ $0.isNumber || $0 == "." }) {
            return .ipv4(address: String(host), port: port)
        }
        return .dns(host: String(host), port: port)
    }

    /// Reads the dataset once, as the first lookup on a server does (it keeps the dataset after).
    func readDataset() async throws {
        _ = try await catalog.getDataset(keys.datasetRequest, options: Self.callOptions)
    }
}
