import CairnClient
import CairnCore
import Testing

@Suite struct EndpointTests {
    @Test func hostPortHostAndPathsParse() throws {
        #expect(try Endpoint(parsing: "127.0.0.1:7379") == .tcp(host: "127.0.0.1", port: 7379))
        #expect(try Endpoint(parsing: "cairn.internal") == .tcp(host: "cairn.internal", port: 7379))
        #expect(try Endpoint(parsing: "db:6000") == .tcp(host: "db", port: 6000))
        #expect(try Endpoint(parsing: "[::1]:7000") == .tcp(host: "::1", port: 7000))
        #expect(try Endpoint(parsing: "[::1]") == .tcp(host: "::1", port: 7379))
        #expect(try Endpoint(parsing: "fe80::1") == .tcp(host: "fe80::1", port: 7379))
        #expect(try Endpoint(parsing: "./.cairn/cairn.sock") == .unix(path: "./.cairn/cairn.sock"))
        #expect(try Endpoint(parsing: "unix:/run/cairn.sock") == .unix(path: "/run/cairn.sock"))
    }

    @Test func descriptionsParseBackToTheSameEndpoint() throws {
        for endpoint in [Endpoint.local, .tcp(host: "::1", port: 9), .unix(path: "/tmp/x.sock")] {
            #expect(try Endpoint(parsing: endpoint.description) == endpoint)
        }
    }

    @Test func badEndpointsAreRejected() {
        for text in ["", ":7379", "host:", "host:0", "host:70000", "host:port", "[::1", "[::1]7379", "[]:1"] {
            #expect(throws: CairnError.self, "\(text)") { try Endpoint(parsing: text) }
        }
    }
}
