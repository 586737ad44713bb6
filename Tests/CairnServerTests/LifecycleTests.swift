import CairnServer
import CairnStore
import CairnTestSupport
import Foundation
import Logging
import ServiceLifecycle
import Testing

@Suite struct LifecycleTests {
    @Test func aSilentClientIsDisconnectedAfterTheIdleTimeout() async throws {
        try await withServer(configure: { $0.idleTimeout = .milliseconds(300) }) { port, server in
            let started = ContinuousClock.now
            // Nothing is sent: a request racing with the timeout on a loaded machine would be reset.
            // FrameClient, not RawClient: under load the timeout can close the connection before
            // RawClient gets to write, and its write then fails with "I/O on closed channel".
            let outcome = try await FrameClient.send([], port: port, shutOutput: false)
            #expect(outcome.reply.isEmpty)
            #expect(outcome.closed)
            #expect(ContinuousClock.now - started >= .milliseconds(250))
            let deadline = ContinuousClock.now + .seconds(5)
            while server.connectedClients > 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(server.connectedClients == 0)
        }
    }

    @Test func aSmallPipelineDepthStillAnswersEveryRequestInOrder() async throws {
        try await withServer(configure: { $0.maxPipelineDepth = 3 }) { port, _ in
            let requests = (0..<2000).map { $0 % 3 == 0 ? "CACHE.GET p/d/n/v t\($0)\r\n" : "ECHO \($0)\r\n" }.joined()
            let expected = (0..<2000).map { $0 % 3 == 0 ? "$-1\r\n" : "$\(String($0).count)\r\n\($0)\r\n" }.joined()
            let (reply, _) = try await RawClient.connect(port: port).exchange(requests, expecting: expected.utf8.count)
            #expect(reply == expected)
        }
    }

    @Test func tooManyClientsAreToldSoAndOthersAreServed() async throws {
        try await withServer(configure: { $0.maxConnections = 1 }) { port, server in
            let first = try await RawClient.connect(port: port)
            while server.connectedClients < 1 { try await Task.sleep(for: .milliseconds(5)) }
            // redis-cli, not RawClient: a connection closed while NIO is still connecting would leave
            // RawClient's async channel unfinished.
            let refused = try await Blocking.run {
                try ProcessRunner.run("/usr/bin/redis-cli", ["-p", "\(port)", "PING"])
            }
            #expect(refused.text.contains("max number of clients reached"), "\(refused.text)")
            let (reply, _) = try await first.exchange("PING\r\n", expecting: 7)
            #expect(reply == "+PONG\r\n")
            #expect(server.stats.value(.connectionsRejected) == 1)
        }
    }

    @Test func gracefulShutdownAnswersEveryRequestAlreadyReadThenCloses() async throws {
        try await TestDatabase.withStore { store, _ in
            var configuration = CatalogServer.Configuration()
            configuration.port = 0
            configuration.drainTimeout = .seconds(60)  // a loaded machine must not turn the drain into a cut
            let server = CatalogServer(configuration: configuration, store: store)
            let group = ServiceGroup(
                configuration: .init(services: [.init(service: server)], logger: Logger(label: "test")))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                while server.boundPort == nil { try await Task.sleep(for: .milliseconds(10)) }
                let pairs = (0..<100).map { " p/d/n/v k\($0)" }.joined()
                let requests = String(repeating: "CACHE.MGET\(pairs)\r\n", count: 20)
                let expected = String(repeating: "*100\r\n" + String(repeating: "$-1\r\n", count: 100), count: 20)
                let client = try await RawClient.connect(port: server.boundPort!)
                async let exchange = client.exchange(requests, expecting: expected.utf8.count + 1)
                while server.stats.value(.commands) < 20 { try await Task.sleep(for: .milliseconds(1)) }
                await group.triggerGracefulShutdown()
                let (reply, closed) = try await exchange
                #expect(reply == expected)
                #expect(closed)
                try await tasks.waitForAll()
            }
        }
    }
}
