import CairnServer
import Foundation
import Testing

@Suite struct AuthTests {
    private func withPasswords(_ body: (Int) async throws -> Void) async throws {
        try await withServer(configure: {
            $0.passwords = Passwords(reader: "r-secret", writer: "w-secret", admin: "a-secret")
        }) { port, _ in try await body(port) }
    }

    @Test func withPasswordsNothingButConnectionCommandsRunsBeforeAuth() async throws {
        try await withPasswords { port in
            let expected =
                "+PONG\r\n-NOAUTH Authentication required.\r\n-NOAUTH Authentication required.\r\n"
                + "-ERR unknown command 'NOPE'\r\n"
            let (reply, closed) = try await RawClient.connect(port: port).exchange(
                "PING\r\nCACHE.GET p/d/n/v t\r\nINFO\r\nNOPE\r\n", expecting: expected.utf8.count)
            #expect(reply == expected)
            #expect(!closed)
        }
    }

    @Test func aWrongPasswordIsRefusedAndDoesNotAuthenticate() async throws {
        try await withPasswords { port in
            let expected =
                "-WRONGPASS invalid username-password pair or user is disabled.\r\n"
                + "-WRONGPASS invalid username-password pair or user is disabled.\r\n"
                + "-NOAUTH Authentication required.\r\n"
            let (reply, _) = try await RawClient.connect(port: port).exchange(
                "AUTH nope\r\nAUTH admin w-secret\r\nCACHE.GET p/d/n/v t\r\n", expecting: expected.utf8.count)
            #expect(reply == expected)
        }
    }

    @Test func theReaderMayReadButNotWrite() async throws {
        try await withPasswords { port in
            let expected =
                "+OK\r\n$-1\r\n-NOPERM User reader has no permissions to run the 'cache.put' command\r\n"
                + "-NOPERM User reader has no permissions to run the 'cache.evict' command\r\n"
            let (reply, _) = try await RawClient.connect(port: port).exchange(
                "AUTH reader r-secret\r\nCACHE.GET p/d/n/v t\r\nCACHE.PUT p/d/n/v t DATA o 1\r\nCACHE.EVICT p/d/n/v t\r\n",
                expecting: expected.utf8.count)
            #expect(reply == expected)
        }
    }

    @Test func aPlainPasswordIsTheWriterAndTheWriterMayWrite() async throws {
        try await withPasswords { port in
            let (reply, _) = try await RawClient.connect(port: port).exchange(
                "AUTH w-secret\r\nCACHE.PUT p/d/n/v t DATA o 1\r\nCACHE.EVICT p/d/n/v t\r\n",
                expecting: 5 + 60 + 4)
            #expect(reply.hasPrefix("+OK\r\n*2\r\n$36\r\n"))
            #expect(reply.hasSuffix("$7\r\ncreated\r\n:1\r\n"))
        }
    }

    @Test func helloAuthenticatesAndSwitchesProtocolInOneCommand() async throws {
        try await withPasswords { port in
            let (refused, _) = try await RawClient.connect(port: port).exchange("HELLO 3\r\n", expecting: 20)
            #expect(refused.hasPrefix("-NOAUTH HELLO must be called with the client already authenticated"))
            let (reply, _) = try await RawClient.connect(port: port).exchange(
                "HELLO 3 AUTH admin a-secret\r\nCACHE.GET p/d/n/v t\r\nQUIT\r\n", expecting: 10_000)
            #expect(reply.hasPrefix("%7\r\n"))
            #expect(reply.hasSuffix("_\r\n+OK\r\n"))
        }
    }

    @Test func withoutPasswordsAuthIsAnErrorAndLocalClientsAreTrusted() async throws {
        try await withServer { port in
            let expected =
                "-ERR AUTH <password> called without any password configured for the default user. "
                + "Are you sure your configuration is correct?\r\n$-1\r\n"
            let (reply, _) = try await RawClient.connect(port: port).exchange(
                "AUTH x\r\nCACHE.GET p/d/n/v t\r\n", expecting: expected.utf8.count)
            #expect(reply == expected)
        }
    }

    @Test func passwordsGrantRolesAndCompareExactly() {
        let passwords = Passwords(reader: "r", writer: "w", admin: nil)
        #expect(passwords.required)
        #expect(passwords.role(user: "reader", password: "r") == .reader)
        #expect(passwords.role(user: nil, password: "w") == .writer)
        #expect(passwords.role(user: "default", password: "w") == .writer)
        #expect(passwords.role(user: "admin", password: "") == nil)
        #expect(passwords.role(user: "reader", password: "r ") == nil)
        #expect(passwords.role(user: "reader", password: "") == nil)
        #expect(passwords.role(user: "nobody", password: "r") == nil)
        #expect(!Passwords().required)
    }
}
