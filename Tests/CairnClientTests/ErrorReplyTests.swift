import CairnClient
import CairnCore
import CairnProtocol
import Testing

/// Error replies become ``CairnClientError`` with the reply's prefix and message.
@Suite struct ErrorReplyTests {
    @Test func errorRepliesAreThrownWithTheirPrefix() async throws {
        try await withClient { client in
            let unknown = await #expect(throws: CairnClientError.self) { try await client.send(["NOPE"]) }
            #expect(unknown?.code == .serverError && unknown?.prefix == .err)
            #expect(unknown?.message.lowercased().contains("unknown command") == true)

            let arity = await #expect(throws: CairnClientError.self) {
                try await client.send(["CACHE.GET", "a/b/c/d"])
            }
            #expect(arity?.prefix == .err && arity?.message.contains("wrong number of arguments") == true)

            let invalid = await #expect(throws: CairnClientError.self) {
                try await client.send(["CACHE.GET", "not-a-dataset", "t"])
            }
            #expect(invalid?.prefix == .err)
            // The connection is still usable after error replies.
            let pong = try await client.ping()
            #expect(pong == "PONG")
        }
    }

    @Test func aFailedHandshakeIsReportedAndNoConnectionIsKept() async throws {
        // The server has no passwords yet: AUTH is refused with an error reply, which connect reports.
        try await withClient({ $0.password = "secret" }) { client in
            let error = await #expect(throws: CairnClientError.self) { try await client.connect() }
            #expect(error?.code == .serverError, "\(String(describing: error))")
        }
    }

    @Test func helloSwitchesToRESP3AndSetsTheName() async throws {
        try await withClient({
            $0.protocolVersion = .resp3
            $0.clientName = "engine-7"
        }) { client in
            #expect(try await client.send(["CLIENT", "GETNAME"]) == .bulk("engine-7"))
            guard case .map(let pairs) = try await client.send(["HELLO"]) else {
                Issue.record("HELLO did not reply with a RESP3 map")
                return
            }
            #expect(pairs.contains { $0.key == .bulk("proto") && $0.value == .integer(3) })
        }
    }

    @Test func errorTextsSplitIntoPrefixAndMessage() {
        let fenced = CairnClientError(reply: "FENCED token 3 is older than 5")
        #expect(fenced.prefix == .fenced && fenced.message == "token 3 is older than 5")
        #expect(fenced.description == "FENCED token 3 is older than 5")
        let bare = CairnClientError(reply: "something odd")
        #expect(bare.prefix == .err && bare.message == "something odd")
        #expect(CairnClientError(reply: "NOAUTH").prefix == .noAuth)
    }
}
