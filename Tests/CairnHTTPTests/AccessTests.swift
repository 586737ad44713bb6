import CairnHTTP
import CairnProtocol
import CairnServer
import CairnTestSupport
import Foundation
import Hummingbird
import NIOCore
import NIOEmbedded
import Testing

/// Who the HTTP listener serves: protected mode (loopback only) without passwords, and with
/// passwords open metrics and health routes but HTTP Basic credentials for every route group.
@Suite struct AccessTests {
    static let passwords = Passwords(reader: "r-secret", writer: "w-secret", admin: "a-secret")

    /// A route group of the test's own that needs the writer role and answers with the role it got.
    static let writerGroup = HTTPRouteGroup(path: "/test", role: .writer) { group in
        group.get("whoami") { _, context in "\(context.role.map { "\($0)" } ?? "none")\n" }
    }

    static func basic(_ user: String, _ password: String) -> String {
        "Authorization: Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    @Test func withPasswordsTheRouteGroupTakesBasicCredentialsOfTheRoleItNeeds() async throws {
        try await withCatalogAndHTTP(configure: {
            $0.passwords = Self.passwords
            $0.routeGroups = [Self.writerGroup]
        }) { _, port, _ in
            let anonymous = try await get(port, "/test/whoami")
            #expect(anonymous.status == 401, "\(anonymous)")
            #expect(anonymous.headers["www-authenticate"]?.hasPrefix("Basic realm=\"cairn\"") == true, "\(anonymous)")
            #expect(anonymous.body.hasPrefix("credentials required"), "\(anonymous)")

            let wrong = try await get(port, "/test/whoami", headers: [Self.basic("writer", "r-secret")])
            #expect(wrong.status == 401 && wrong.body == "wrong user or password\n", "\(wrong)")
            let garbage = try await get(port, "/test/whoami", headers: ["Authorization: Basic !!!"])
            #expect(garbage.status == 401, "\(garbage)")

            let reader = try await get(port, "/test/whoami", headers: [Self.basic("reader", "r-secret")])
            #expect(reader.status == 403, "\(reader)")
            #expect(reader.body.contains("needs the writer role"), "\(reader)")

            let writer = try await get(port, "/test/whoami", headers: [Self.basic("writer", "w-secret")])
            #expect(writer.status == 200 && writer.body == "writer\n", "\(writer)")
            let admin = try await get(port, "/test/whoami", headers: [Self.basic("admin", "a-secret")])
            #expect(admin.status == 200 && admin.body == "admin\n", "\(admin)")
        }
    }

    @Test func withPasswordsMetricsAndHealthNeedNoCredentials() async throws {
        try await withCatalogAndHTTP(configure: {
            $0.passwords = Self.passwords
            $0.routeGroups = [Self.writerGroup]
        }) { _, port, _ in
            for path in ["/metrics", "/healthz", "/readyz"] {
                let reply = try await get(port, path)
                #expect(reply.status == 200, "\(path): \(reply)")
            }
        }
    }

    @Test func inProtectedModeALoopbackClientNeedsNoCredentials() async throws {
        try await withCatalogAndHTTP(configure: { $0.routeGroups = [Self.writerGroup] }) { _, port, _ in
            let reply = try await get(port, "/test/whoami")
            #expect(reply.status == 200 && reply.body == "admin\n", "\(reply)")
        }
    }

    /// A client from another machine is told why it is refused, on every route, known or not.
    /// (A test cannot connect from a non-loopback address, so the router gets a request whose
    /// channel says it came from one.)
    @Test(arguments: ["/metrics", "/healthz", "/test/whoami", "/nope"])
    func inProtectedModeARemoteClientGets403(path: String) async throws {
        try await TestDatabase.withStore { store, _ in
            try await withCatalogServer(on: store) { _, catalog in
                var configuration = HTTPListener.Configuration()
                configuration.routeGroups = [Self.writerGroup]
                let listener = HTTPListener(
                    configuration: configuration, catalog: catalog, blobStore: nil)
                let responder = listener.makeRouter().buildResponder()

                let remote = try await responder.respond(
                    to: Self.request(path), context: Self.context(from: "192.0.2.7"))
                #expect(remote.status == .forbidden)
                #expect(try await Self.body(of: remote).hasPrefix("Cairn is in protected mode"))
                if path != "/nope" {
                    let local = try await responder.respond(
                        to: Self.request(path), context: Self.context(from: "127.0.0.1"))
                    #expect(local.status == .ok)
                }
            }
        }
    }

    static func request(_ path: String) -> Request {
        Request(
            head: HTTPRequest(method: .get, scheme: "http", authority: "cairn", path: path),
            body: RequestBody(buffer: ByteBuffer()))
    }

    static func context(from address: String) throws -> HTTPRequestContext {
        let channel = EmbeddedChannel()
        channel.remoteAddress = try SocketAddress(ipAddress: address, port: 40_000)
        return HTTPRequestContext(
            source: ApplicationRequestContextSource(channel: channel, logger: .init(label: "test")))
    }

    static func body(of response: Response) async throws -> String {
        let collector = BodyCollector()
        try await response.body.write(collector)
        return String(buffer: collector.buffer)
    }
}

/// Collects a response body written by the router.
final class BodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()
    func write(_ buffer: ByteBuffer) async throws { self.buffer.writeImmutableBuffer(buffer) }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
