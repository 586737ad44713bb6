import CairnClient
import CairnCore
import CairnProtocol
import Foundation
import Testing

/// Losing the connection, timeouts and unreachable servers: what callers see, and recovery.
@Suite struct ConnectionLossTests {
    @Test func theNextCallReconnectsAfterTheServerClosesTheConnection() async throws {
        try await withClient { client in
            let first = try await client.send(["CLIENT", "ID"])
            #expect(try await client.send(["QUIT"]) == .simpleString("OK"))
            let second = try await client.send(["CLIENT", "ID"])
            #expect(second != first)
            #expect(try await client.ping() == "PONG")
        }
    }

    @Test func aRestartedServerIsReconnectedToAfterCallsFail() async throws {
        try await withStore { store in
            var port = 0
            var configuration = CairnClient.Configuration()
            configuration.initialBackoff = .milliseconds(20)
            var client: CairnClient?
            try await serving(store) { bound in
                port = bound
                configuration.endpoint = .tcp(host: "127.0.0.1", port: bound)
                client = CairnClient(configuration: configuration)
                let pong = try await client!.ping()
                #expect(pong == "PONG")
            }
            let stopped = try #require(client)
            // The server is gone: the call fails (the old connection closed, or no new one can be made).
            let error = await #expect(throws: CairnClientError.self) { try await stopped.ping() }
            #expect(error?.code == .connectionClosed || error?.code == .connectFailed, "\(String(describing: error))")
            // The suite runs in parallel: another socket may hold the old port for a moment (a
            // client's ephemeral port, say), so the restart waits for it rather than fail.
            var restarted = false
            for _ in 0..<40 where !restarted {
                do {
                    try await serving(store, port: port) { _ in
                        restarted = true
                        let pong = try await stopped.ping()
                        #expect(pong == "PONG")
                    }
                } catch {
                    if restarted { throw error }
                    try await Task.sleep(for: .milliseconds(250))
                }
            }
            #expect(restarted, "port \(port) stayed taken")
            await stopped.close()
        }
    }

    @Test func requestsInFlightFailWithAClearErrorWhenTheConnectionDrops() async throws {
        let server = try await SilentServer(closeAfterFirstRead: true)
        let client = CairnClient(configuration: .init(endpoint: .tcp(host: "127.0.0.1", port: server.port)))
        let error = await #expect(throws: CairnClientError.self) { try await client.ping() }
        #expect(error?.code == .connectionClosed)
        #expect(error?.message.contains("127.0.0.1:\(server.port) closed") == true, "\(String(describing: error))")
        await client.close()
        try await server.stop()
    }

    /// A request that never timed out would hold the test past its limit.
    @Test(.timeLimit(.minutes(1)))
    func requestsWithoutAReplyTimeOutEachInTurn() async throws {
        let server = try await SilentServer(closeAfterFirstRead: false)
        var configuration = CairnClient.Configuration(endpoint: .tcp(host: "127.0.0.1", port: server.port))
        configuration.requestTimeout = .milliseconds(200)
        let client = CairnClient(configuration: configuration)
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: CairnClientError.self) { try await client.ping() }
        #expect(error?.code == .timedOut)
        // Not before the timeout (load can only make it later).
        #expect(clock.now - start >= .milliseconds(200))
        let again = await #expect(throws: CairnClientError.self) { try await client.ping() }
        #expect(again?.code == .timedOut)
        await client.close()
        try await server.stop()
    }

    @Test func anUnreachableServerFailsFastAndRetriesBackOff() async throws {
        // A socket path nobody listens on: a freed TCP port could be taken by a parallel test's server.
        let path = "/tmp/cairn-nobody-\(UUID().uuidString.prefix(8)).sock"
        var configuration = CairnClient.Configuration(endpoint: .unix(path: path))
        configuration.initialBackoff = .milliseconds(300)
        let client = CairnClient(configuration: configuration)
        let clock = ContinuousClock()
        let first = await #expect(throws: CairnClientError.self) { try await client.ping() }
        #expect(first?.code == .connectFailed)
        let start = clock.now
        let second = await #expect(throws: CairnClientError.self) { try await client.ping() }
        #expect(second?.code == .connectFailed)
        #expect(clock.now - start >= .milliseconds(250), "the second attempt waited for the backoff")
        await client.close()
        let closed = await #expect(throws: CairnClientError.self) { try await client.ping() }
        #expect(closed?.code == .clientClosed)
    }

    @Test func aUnixSocketEndpointWorks() async throws {
        let path = "/tmp/cairn-client-\(UUID().uuidString.prefix(8)).sock"
        defer { unlink(path) }
        try await withStore { store in
            try await serving(store, unixSocket: path) { _ in
                let client = CairnClient(configuration: .init(endpoint: try Endpoint(parsing: path)))
                #expect(try await client.ping() == "PONG")
                await client.close()
            }
        }
    }
}
