import CairnStore
import Foundation
import Testing

@Suite struct ServerTests {
    @Test func inlineAndMultibulkPingAnswerPong() async throws {
        try await withServer { port in
            let expected = "+PONG\r\n$2\r\nhi\r\n+PONG\r\n"
            let (reply, _) = try await RawClient.connect(port: port).exchange(
                "PING\r\n*2\r\n$4\r\nPING\r\n$2\r\nhi\r\n*1\r\n$4\r\nping\r\n", expecting: expected.utf8.count)
            #expect(reply == expected)
        }
    }

    @Test func badCommandsGetErrorsAndTheConnectionStaysUsable() async throws {
        try await withServer { port in
            let expected =
                "-ERR unknown command 'NOPE'\r\n-ERR wrong number of arguments for 'cache.get' command\r\n"
                + "-ERR tag: must not be empty\r\n+PONG\r\n"
            let (reply, closed) = try await RawClient.connect(port: port).exchange(
                "NOPE\r\nCACHE.GET a/b/c/d\r\nCACHE.GET a/b/c/d \"\"\r\nPING\r\n", expecting: expected.utf8.count)
            #expect(reply == expected)
            #expect(!closed)
        }
    }

    @Test func aFramingErrorIsAnsweredAndClosesOnlyThatConnection() async throws {
        try await withServer { port in
            let (reply, closed) = try await RawClient.connect(port: port).exchange(
                "*1\r\n$x\r\nPING\r\n", expecting: 10_000)
            #expect(reply == "-ERR Protocol error: invalid bulk length\r\n")
            #expect(closed)
            let (other, _) = try await RawClient.connect(port: port).exchange("PING\r\n", expecting: 7)
            #expect(other == "+PONG\r\n")
        }
    }

    @Test func putThenGetOverRawBytes() async throws {
        try await withServer { port in
            let client = try await RawClient.connect(port: port)
            let (reply, _) = try await client.exchange(
                "CACHE.GET p/d/n/v h\r\nCACHE.PUT p/d/n/v h DATA o0 hello\r\nCACHE.GET p/d/n/v h\r\nQUIT\r\n",
                expecting: 5 + 60 + 99 + 5)  // miss, put, hit (with a 13-digit timestamp), OK
            #expect(reply.hasPrefix("$-1\r\n*2\r\n$36\r\n"))
            #expect(reply.contains("$7\r\ncreated\r\n*6\r\n$36\r\n"))
            #expect(reply.contains("*2\r\n$2\r\no0\r\n$5\r\nhello\r\n*0\r\n:"))
            #expect(reply.hasSuffix("$-1\r\n*0\r\n+OK\r\n"))
        }
    }

    @Test func clientSetInfoIsAcceptedAsClientLibrariesSendItOnConnect() async throws {
        try await withServer { port in
            let expected =
                "+OK\r\n+OK\r\n-ERR LIB-NAME cannot contain spaces, newlines or special characters.\r\n"
                + "-ERR Unrecognized option 'OS' (LIB-NAME, LIB-VER)\r\n"
                + "-ERR wrong number of arguments for 'client|setinfo' command\r\n"
            let (reply, closed) = try await RawClient.connect(port: port).exchange(
                "CLIENT SETINFO LIB-NAME redis-py\r\nclient setinfo lib-ver 8.1.0\r\n"
                    + "CLIENT SETINFO LIB-NAME \"a b\"\r\nCLIENT SETINFO OS linux\r\nCLIENT SETINFO LIB-VER\r\n",
                expecting: expected.utf8.count)
            #expect(reply == expected)
            #expect(!closed)
        }
    }

    @Test func aThousandPipelinedCommandsAreAnsweredInOrder() async throws {
        try await withServer { port in
            let requests = (0..<1000).map { "ECHO \($0)\r\n" }.joined()
            let expected = (0..<1000).map { "$\(String($0).count)\r\n\($0)\r\n" }.joined()
            let (reply, _) = try await RawClient.connect(port: port).exchange(requests, expecting: expected.utf8.count)
            #expect(reply == expected)
        }
    }

    @Test func redisCLIStoresAndReadsAnArtifact() async throws {
        let cli = "/usr/bin/redis-cli"
        try #require(
            FileManager.default.isExecutableFile(atPath: cli),
            "redis-cli is missing: scripts/install-deps installs redis-tools")
        try await withServer { port in
            let put = try await Blocking.run {
                try ProcessRunner.run(
                    cli, ["-p", "\(port)", "CACHE.PUT", "proj/dev/task-a/v1", "abc", "TTL", "60", "DATA", "o0", "42"])
            }
            #expect(put.status == 0)
            #expect(put.text.hasSuffix("created"), "\(put.text)")
            let get = try await Blocking.run {
                try ProcessRunner.run(cli, ["-p", "\(port)", "CACHE.GET", "proj/dev/task-a/v1", "abc"])
            }
            let lines = get.text.split(separator: "\n")
            #expect(lines.count >= 3 && lines[1] == "o0" && lines[2] == "42", "\(get.text)")
            let miss = try await Blocking.run {
                try ProcessRunner.run(cli, ["-p", "\(port)", "CACHE.GET", "proj/dev/task-a/v1", "zzz"])
            }
            #expect(miss.text.isEmpty)
        }
    }
}
