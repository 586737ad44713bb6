import CairnClient
import CairnCore
import CairnProtocol
import CairnServer
import Testing

/// The client's `AUTH`/`HELLO … AUTH` handshake against a server with reader, writer and admin passwords.
@Suite struct AuthClientTests {
    static let passwords = Passwords(reader: "r-secret", writer: "w-secret", admin: "a-secret")

    /// A server with ``passwords`` on a fresh store; `body` gets its port.
    func withPasswordServer(_ body: (Int) async throws -> Void) async throws {
        try await withStore { store in try await serving(store, passwords: Self.passwords, body) }
    }

    func client(
        _ port: Int, user: String? = nil, password: String? = nil, version: RESPVersion? = nil
    ) -> CairnClient {
        var configuration = CairnClient.Configuration(endpoint: .tcp(host: "127.0.0.1", port: port))
        configuration.user = user
        configuration.password = password
        configuration.protocolVersion = version
        configuration.clientName = "auth-test"
        configuration.initialBackoff = .milliseconds(1)
        return CairnClient(configuration: configuration)
    }

    @Test(arguments: [nil, RESPVersion.resp3])
    func everyUserConnectsWithItsPasswordAndOnlyTheReaderCannotWrite(version: RESPVersion?) async throws {
        try await withPasswordServer { port in
            for (user, password) in [("reader", "r-secret"), ("writer", "w-secret"), ("admin", "a-secret")] + [
                (nil, "w-secret")
            ] {
                let client = client(port, user: user, password: password, version: version)
                try await client.connect()
                #expect(try await client.send(["CLIENT", "GETNAME"]) == .bulk("auth-test"))
                let tag = Fixture.tag("t-\(user ?? "default")")
                #expect(try await client.get(dataset: Fixture.dataset, tag: tag) == nil)
                let put = { try await client.put(dataset: Fixture.dataset, tag: tag, data: Fixture.items(["o0": "1"])) }
                if user == "reader" {
                    let refused = await #expect(throws: CairnClientError.self) { try await put() }
                    #expect(refused?.prefix == .noPerm)
                    #expect(refused?.message == "User reader has no permissions to run the 'cache.put' command")
                } else {
                    #expect(try await put().outcome == .created, "\(user ?? "default")")
                    #expect(
                        try await client.get(dataset: Fixture.dataset, tag: tag)?.items == Fixture.items(["o0": "1"]))
                }
                await client.close()
            }
        }
    }

    @Test func withoutAPasswordOnlyConnectionCommandsRun() async throws {
        try await withPasswordServer { port in
            let plain = client(port)
            // The handshake's CLIENT SETNAME already needs a role.
            let refused = await #expect(throws: CairnClientError.self) { try await plain.connect() }
            #expect(refused?.prefix == .noAuth && refused?.message == "Authentication required.")
            await plain.close()

            var configuration = CairnClient.Configuration(endpoint: .tcp(host: "127.0.0.1", port: port))
            configuration.initialBackoff = .milliseconds(1)
            let bare = CairnClient(configuration: configuration)
            let pong = try await bare.ping()
            #expect(pong == "PONG")
            let get = await #expect(throws: CairnClientError.self) {
                try await bare.get(dataset: Fixture.dataset, tag: Fixture.tag("t"))
            }
            #expect(get?.code == .serverError && get?.prefix == .noAuth)
            await bare.close()

            let hello = client(port, version: .resp3)
            let noHello = await #expect(throws: CairnClientError.self) { try await hello.connect() }
            #expect(noHello?.prefix == .noAuth)
            #expect(noHello?.message.hasPrefix("HELLO must be called with the client already authenticated") == true)
            await hello.close()
        }
    }

    @Test(arguments: [nil, RESPVersion.resp3])
    func aWrongPasswordFailsTheConnect(version: RESPVersion?) async throws {
        try await withPasswordServer { port in
            for (user, password) in [("reader", "w-secret"), ("writer", "w-secret "), ("nobody", "r-secret")] + [
                (nil, "r-secret")
            ] {
                let client = client(port, user: user, password: password, version: version)
                let error = await #expect(throws: CairnClientError.self) { try await client.connect() }
                #expect(error?.prefix == .wrongPass, "\(String(describing: user))")
                #expect(error?.message == "invalid username-password pair or user is disabled.")
                // Every attempt authenticates afresh: the next one is refused the same way.
                let again = await #expect(throws: CairnClientError.self) { try await client.ping() }
                #expect(again?.prefix == .wrongPass)
                await client.close()
            }
        }
    }

    @Test(arguments: [nil, RESPVersion.resp3])
    func aReconnectAuthenticatesAgain(version: RESPVersion?) async throws {
        try await withPasswordServer { port in
            let client = client(port, user: "reader", password: "r-secret", version: version)
            let first = try await client.send(["CLIENT", "ID"])
            #expect(try await client.get(dataset: Fixture.dataset, tag: Fixture.tag("t")) == nil)
            #expect(try await client.send(["QUIT"]) == .simpleString("OK"))
            // A new connection, which must be the reader again to look anything up.
            #expect(try await client.get(dataset: Fixture.dataset, tag: Fixture.tag("t")) == nil)
            #expect(try await client.send(["CLIENT", "ID"]) != first)
            #expect(try await client.send(["CLIENT", "GETNAME"]) == .bulk("auth-test"))
            let info = ServerInfo.parse(try await client.info())
            #expect(info["server"]?["protected_mode"] == "no")
            #expect(info["stats"]?["total_auth_failures"] == "0")
            await client.close()
        }
    }
}
