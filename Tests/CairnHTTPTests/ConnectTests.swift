import CairnCore
import CairnFlyteProtocol
import CairnHTTP
import CairnProtocol
import CairnServer
import CairnService
import Foundation
import SwiftProtobuf
import Testing

/// Flyte 2's cache service over Connect on the HTTP listener, with raw HTTP requests: both codecs,
/// gzip both ways, errors as JSON with Connect's statuses, the limits, and who may call.
@Suite struct ConnectTests {
    static let unscoped = "/flyteidl2.cacheservice.CacheService/"
    static let scoped = "/flyteidl2.cacheservice.v2.CacheService/"
    static let version = "Connect-Protocol-Version: 1"
    /// Stands for a serialized LiteralMap: bytes Cairn keeps as they are.
    static let literals = Data([0x0A, 0x05, 0x0A, 0x01, 0x6F, 0x12, 0x00, 0xFF])

    static func put(_ key: String, literals: Data) -> Flyteidl2_Cacheservice_PutCacheRequest {
        .with {
            $0.key = key
            $0.output.outputLiterals = literals
            $0.output.metadata.keyMap.values = ["run": "r1"]
        }
    }

    static func get(_ key: String) -> Flyteidl2_Cacheservice_GetCacheRequest { .with { $0.key = key } }

    @Test func protobufPutThenGetIsAHitForTheServiceToo() async throws {
        try await withConnectListener { port, catalog in
            let put = try await post(
                port, Self.unscoped + "Put", body: try Self.put("k1", literals: Self.literals).serializedBytes(),
                headers: [Self.version])
            #expect(put.status == 200 && put.headers["content-type"] == "application/proto", "\(put)")
            #expect(put.body.isEmpty, "\(put)")  // PutCacheResponse has no fields

            let get = try await post(port, Self.unscoped + "Get", body: try Self.get("k1").serializedBytes())
            #expect(get.status == 200 && get.headers["content-type"] == "application/proto", "\(get)")
            let output = try Flyteidl2_Cacheservice_GetCacheResponse(serializedBytes: get.body).output
            #expect(output.outputLiterals == Self.literals && output.metadata.keyMap.values == ["run": "r1"])

            // One catalog: the service's own lookup finds it where docs/flyte.md says.
            let hit = try await catalog.service.lookup(
                try DatasetID(parsing: "flyte2/shared/cacheservice/1"), try TagName("k1"),
                encode: { hit, _ in HotReply(hit: hit) })
            #expect(hit?.hit[item: "literals"]?.value == .inline(Array(Self.literals)))
        }
    }

    @Test func jsonBodiesAreAnsweredInJSON() async throws {
        try await withConnectListener { port, _ in
            let scope = Flyteidl2_Cacheservice_V2_Identifier.with {
                ($0.org, $0.project, $0.domain) = ("acme", "flytesnacks", "development")
            }
            let put = Flyteidl2_Cacheservice_V2_PutCacheRequest.with {
                $0.identifier = scope
                $0.baseRequest.key = "k-json"
                $0.baseRequest.output.outputUri = "s3://bucket/outputs.pb"
            }
            let putReply = try await post(
                port, Self.scoped + "Put", body: Array(try put.jsonString().utf8), contentType: "application/json")
            #expect(putReply.status == 200 && putReply.headers["content-type"] == "application/json", "\(putReply)")
            #expect(String(decoding: putReply.body, as: UTF8.self) == "{}", "\(putReply)")

            // Field names as protobuf's JSON mapping writes them, and a charset parameter.
            let get =
                #"{"identifier": {"org": "acme", "project": "flytesnacks", "domain": "development"}, "#
                + #""baseRequest": {"key": "k-json"}, "aFieldFromANewerClient": 1}"#
            let reply = try await post(
                port, Self.scoped + "Get", body: Array(get.utf8), contentType: "application/json; charset=utf-8")
            #expect(reply.status == 200 && reply.headers["content-type"] == "application/json", "\(reply)")
            let output = try Flyteidl2_Cacheservice_GetCacheResponse(jsonUTF8Bytes: reply.body).output
            #expect(output.outputUri == "s3://bucket/outputs.pb" && output.metadata.hasCreatedAt, "\(reply)")

            // Scoped: the unscoped service does not see it.
            let miss = try await post(
                port, Self.unscoped + "Get", body: Array(#"{"key": "k-json"}"#.utf8), contentType: "application/json")
            #expect(miss.status == 404 && miss.error?["code"] == "not_found", "\(miss)")
        }
    }

    @Test func gzipRequestsAreInflatedAndGzipIsAnsweredToWhoAcceptsIt() async throws {
        try await withConnectListener { port, _ in
            let big = Data((0..<8192).map { UInt8($0 % 7) })  // long enough to be compressed back
            let body = try Zlib.compress(try Self.put("k-gz", literals: big).serializedBytes(), format: .gzip)
            let put = try await post(port, Self.unscoped + "Put", body: body, headers: ["Content-Encoding: gzip"])
            #expect(put.status == 200, "\(put)")

            let get = try await post(
                port, Self.unscoped + "Get", body: try Self.get("k-gz").serializedBytes(),
                headers: ["Accept-Encoding: gzip, br"])
            #expect(get.status == 200 && get.headers["content-encoding"] == "gzip", "\(get)")
            let inflated = try Zlib.decompress(get.body, format: .gzip)
            #expect(try Flyteidl2_Cacheservice_GetCacheResponse(serializedBytes: inflated).output.outputLiterals == big)

            // Without Accept-Encoding, identity.
            let plain = try await post(port, Self.unscoped + "Get", body: try Self.get("k-gz").serializedBytes())
            #expect(plain.status == 200 && plain.headers["content-encoding"] == nil, "\(plain)")
            #expect(
                try Flyteidl2_Cacheservice_GetCacheResponse(serializedBytes: plain.body).output.outputLiterals == big)

            // An empty gzip body is the empty message (the protocol forbids inflating it): key missing.
            let empty = try await post(port, Self.unscoped + "Get", body: [], headers: ["Content-Encoding: gzip"])
            #expect(empty.status == 400 && empty.error?["code"] == "invalid_argument", "\(empty)")
        }
    }

    @Test func errorsAreConnectJSONWithTheirStatus() async throws {
        try await withConnectListener { port, _ in
            let get: [UInt8] = try Self.get("absent").serializedBytes()
            let cases: [(String, [UInt8], String?, [String], Int, String)] = [
                ("Get", get, "application/proto", [], 404, "not_found"),
                ("Delete", get, "application/proto", [], 404, "not_found"),
                (
                    "Put", try Flyteidl2_Cacheservice_PutCacheRequest.with { $0.key = "k" }.serializedBytes(),
                    "application/proto", [], 400, "invalid_argument"
                ),
                ("NoSuchMethod", get, "application/proto", [], 404, "unimplemented"),
                ("Get", [0xFF, 0xFF, 0xFF], "application/proto", [], 400, "invalid_argument"),
                ("Get", Array("{not json".utf8), "application/json", [], 400, "invalid_argument"),
                ("Get", get, "application/grpc", [], 415, "unknown"),
                ("Get", get, "text/plain", [], 415, "unknown"),
                ("Get", get, nil, [], 415, "unknown"),
                ("Get", get, "application/proto", ["Connect-Protocol-Version: 2"], 400, "invalid_argument"),
                ("Get", get, "application/proto", ["Content-Encoding: br"], 501, "unimplemented"),
                ("Get", get, "application/proto", ["Content-Encoding: gzip"], 400, "invalid_argument"),
            ]
            for (method, body, contentType, headers, status, code) in cases {
                let reply = try await post(
                    port, Self.unscoped + method, body: body, contentType: contentType, headers: headers)
                #expect(reply.status == status, "\(method) \(contentType ?? "-") \(headers): \(reply)")
                #expect(reply.headers["content-type"] == "application/json", "\(reply)")
                #expect(reply.error?["code"] == code && reply.error?["message"]?.isEmpty == false, "\(reply)")
            }

            _ = try await post(
                port, Self.unscoped + "Put", body: try Self.put("k", literals: Self.literals).serializedBytes())
            let again = try await post(
                port, Self.unscoped + "Put", body: try Self.put("k", literals: Self.literals).serializedBytes())
            #expect(again.status == 409 && again.error?["code"] == "already_exists", "\(again)")
        }
    }

    @Test func bodiesOverTheLimitsAreResourceExhausted() async throws {
        try await withConnectListener(configure: {
            $0.connect.maxRequestBytes = 1024
            $0.connect.maxInflatedBytes = 2048
        }) { port, _ in
            let large: [UInt8] = try Self.put("k", literals: Data(repeating: 7, count: 4096)).serializedBytes()
            let tooLarge = try await post(port, Self.unscoped + "Put", body: large)
            #expect(tooLarge.status == 429 && tooLarge.error?["code"] == "resource_exhausted", "\(tooLarge)")

            // Small on the wire, too large once inflated.
            let bomb = try Zlib.compress(large, format: .gzip)
            #expect(bomb.count < 1024)
            let inflated = try await post(port, Self.unscoped + "Put", body: bomb, headers: ["Content-Encoding: gzip"])
            #expect(inflated.status == 429 && inflated.error?["code"] == "resource_exhausted", "\(inflated)")

            let fits: [UInt8] = try Self.put("k", literals: Data(repeating: 7, count: 1500)).serializedBytes()
            let accepted = try await post(
                port, Self.unscoped + "Put", body: try Zlib.compress(fits, format: .gzip),
                headers: ["Content-Encoding: gzip"])
            #expect(accepted.status == 200, "\(accepted)")
        }
    }

    @Test func withPasswordsReadsNeedTheReaderRoleAndWritesTheWriter() async throws {
        let basic = { (user: String, password: String) in
            "Authorization: Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        }
        try await withConnectListener(configure: {
            $0.passwords = Passwords(reader: "r-secret", writer: "w-secret", admin: "a-secret")
        }) { port, _ in
            let body: [UInt8] = try Self.get("k").serializedBytes()
            let anonymous = try await post(port, Self.scoped + "Get", body: body)
            #expect(anonymous.status == 401, "\(anonymous)")
            #expect(anonymous.error?["code"] == "unauthenticated", "\(anonymous)")
            let wrong = try await post(port, Self.unscoped + "Get", body: body, headers: [basic("reader", "nope")])
            #expect(wrong.status == 401, "\(wrong)")
            let reader = try await post(port, Self.unscoped + "Get", body: body, headers: [basic("reader", "r-secret")])
            #expect(reader.status == 404 && reader.error?["code"] == "not_found", "\(reader)")
            let put: [UInt8] = try Self.put("k", literals: Data([1, 2])).serializedBytes()
            let readerPut = try await post(
                port, Self.unscoped + "Put", body: put, headers: [basic("reader", "r-secret")])
            #expect(readerPut.status == 403 && readerPut.error?["code"] == "permission_denied", "\(readerPut)")
            let writer = try await post(port, Self.unscoped + "Put", body: put, headers: [basic("writer", "w-secret")])
            #expect(writer.status == 200, "\(writer)")
        }
    }

    @Test func openAccessServesEveryClientWithoutCredentials() async throws {
        // --flyte-access open: no credentials asked for, even with passwords set. (A non-loopback
        // client in protected mode is refused by FlyteAccess; FlyteGRPCServerTests checks that rule.)
        try await withConnectListener(configure: {
            $0.passwords = Passwords(writer: "w-secret")
            $0.flyteAccess = .open
        }) { port, _ in
            let put: [UInt8] = try Self.put("k", literals: Data([1, 2])).serializedBytes()
            let reply = try await post(port, Self.unscoped + "Put", body: put)
            #expect(reply.status == 200, "\(reply)")
        }
    }

    @Test func withoutTheHandlerThereAreNoConnectRoutes() async throws {
        try await withCatalogAndHTTP { _, port, _ in
            let reply = try await post(port, Self.unscoped + "Get", body: try Self.get("k").serializedBytes())
            #expect(reply.status == 404 && reply.error == nil, "\(reply)")
        }
    }
}
