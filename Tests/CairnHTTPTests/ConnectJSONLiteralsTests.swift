import CairnCore
import CairnFlyteProtocol
import CairnServer
import CairnService
import Foundation
import SwiftProtobuf
import Testing

/// The Connect JSON codec with Flyte's literals: `output_literals` and `source_identifier` as the
/// JSON objects of a `LiteralMap` and an `Identifier` (what Flyte's clients write), stored as the
/// binary bytes a binary client would have sent, and answered as objects again.
@Suite struct ConnectJSONLiteralsTests {
    static let unscoped = "/flyteidl2.cacheservice.CacheService/"
    static let scoped = "/flyteidl2.cacheservice.v2.CacheService/"

    /// A LiteralMap in proto3 JSON, written by hand: an integer, a string, a collection, a blob, a
    /// nested map with bytes, a timestamp and a Struct.
    static let literalsJSON = """
        {"literals": {
          "count": {"scalar": {"primitive": {"integer": "42"}}},
          "greeting": {"scalar": {"primitive": {"stringValue": "héllo"}}},
          "list": {"collection": {"literals": [
            {"scalar": {"primitive": {"floatValue": 1.5}}},
            {"scalar": {"primitive": {"boolean": true}}}]}},
          "file": {"scalar": {"blob": {
            "metadata": {"type": {"format": "csv", "dimensionality": "MULTIPART"}}, "uri": "s3://bucket/f"}}},
          "nested": {"map": {"literals": {
            "a": {"scalar": {"primitive": {"integer": "-1"}}},
            "b": {"scalar": {"binary": {"value": "AAH/", "tag": "raw"}}}}}},
          "when": {"scalar": {"primitive": {"datetime": "2024-05-01T12:00:00Z"}}, "hash": "h1"},
          "doc": {"scalar": {"generic": {"x": [1, "y", null, {"z": false}]}}}
        }}
        """

    static let identifierJSON = """
        {"resourceType": "TASK", "project": "flytesnacks", "domain": "development", "name": "wf.t1",
         "version": "v1", "org": "acme"}
        """

    /// The same LiteralMap built in Swift, in binary with map keys in order (as protobuf's
    /// deterministic serialization, which Python's `deterministic=True` matches).
    static func literalsBinary() throws -> Data {
        func primitive(_ set: (inout Flyteidl2_Core_Primitive) -> Void) -> Flyteidl2_Core_Literal {
            .with { $0.scalar.primitive = .with(set) }
        }
        let map = Flyteidl2_Core_LiteralMap.with {
            $0.literals = [
                "count": primitive { $0.integer = 42 },
                "greeting": primitive { $0.stringValue = "héllo" },
                "list": .with {
                    $0.collection.literals = [primitive { $0.floatValue = 1.5 }, primitive { $0.boolean = true }]
                },
                "file": .with {
                    $0.scalar.blob = .with {
                        $0.metadata.type = .with { ($0.format, $0.dimensionality) = ("csv", .multipart) }
                        $0.uri = "s3://bucket/f"
                    }
                },
                "nested": .with {
                    $0.map.literals = [
                        "a": primitive { $0.integer = -1 },
                        "b": .with { $0.scalar.binary = .with { ($0.value, $0.tag) = (Data([0, 1, 0xFF]), "raw") } },
                    ]
                },
                "when": .with {
                    $0.scalar.primitive.datetime = Google_Protobuf_Timestamp(seconds: 1_714_564_800)
                    $0.hash = "h1"
                },
                "doc": .with {
                    $0.scalar.generic = Google_Protobuf_Struct(fields: [
                        "x": Google_Protobuf_Value(listValue: [1, "y", nil, .init(structValue: ["z": false])])
                    ])
                },
            ]
        }
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        return try map.serializedBytes(options: options)
    }

    static func identifierBinary() throws -> Data {
        try Flyteidl2_Core_Identifier.with {
            $0.resourceType = .task
            ($0.project, $0.domain, $0.name, $0.version, $0.org) = ("flytesnacks", "development", "wf.t1", "v1", "acme")
        }.serializedBytes()
    }

    static func json(_ text: String) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
    }

    /// The `output` of a JSON GetCacheResponse.
    static func output(_ reply: ConnectReply) throws -> NSDictionary {
        let body = try #require(try JSONSerialization.jsonObject(with: Data(reply.body)) as? NSDictionary)
        return try #require(body["output"] as? NSDictionary, "\(reply)")
    }

    /// What the catalog holds under `key` in the unscoped dataset (`item` inline).
    static func stored(_ catalog: CatalogServer, _ key: String, item: String) async throws -> [UInt8]? {
        let hit = try await catalog.service.lookup(
            try DatasetID(parsing: "flyte2/shared/cacheservice/1"), try TagName(key),
            encode: { hit, _ in HotReply(hit: hit) })
        guard case .inline(let bytes)? = hit?.hit[item: item]?.value else { return nil }
        return bytes
    }

    @Test func aJSONPutOfLiteralsStoresTheBinaryBytesAndAJSONGetAnswersTheObjects() async throws {
        try await withConnectListener { port, catalog in
            let jsonPut = """
                {"key": "k-json", "output": {"outputLiterals": \(Self.literalsJSON),
                 "metadata": {"sourceIdentifier": \(Self.identifierJSON), "keyMap": {"values": {"run": "r1"}}}}}
                """
            let put = try await post(
                port, Self.unscoped + "Put", body: Array(jsonPut.utf8), contentType: "application/json")
            #expect(put.status == 200 && String(decoding: put.body, as: UTF8.self) == "{}", "\(put)")

            // The same output from a binary client.
            let binaryPut = try Flyteidl2_Cacheservice_PutCacheRequest.with {
                $0.key = "k-binary"
                $0.output.outputLiterals = try Self.literalsBinary()
                $0.output.metadata.sourceIdentifier = try Self.identifierBinary()
            }
            let putBinary = try await post(port, Self.unscoped + "Put", body: try binaryPut.serializedBytes())
            #expect(putBinary.status == 200, "\(putBinary)")

            // Stored byte for byte as the binary client's.
            let literals = try await Self.stored(catalog, "k-json", item: "literals")
            #expect(literals == Array(try Self.literalsBinary()))
            #expect(literals == (try await Self.stored(catalog, "k-binary", item: "literals")))
            let source = try await Self.stored(catalog, "k-json", item: "source_identifier")
            #expect(source == Array(try Self.identifierBinary()))

            // A JSON Get answers the objects, whichever codec wrote them.
            for key in ["k-json", "k-binary"] {
                let get = try await post(
                    port, Self.unscoped + "Get", body: Array(#"{"key": "\#(key)"}"#.utf8),
                    contentType: "application/json")
                #expect(get.status == 200 && get.headers["content-type"] == "application/json", "\(get)")
                let output = try Self.output(get)
                #expect(output["outputLiterals"] as? NSDictionary == (try Self.json(Self.literalsJSON)), "\(get)")
                let metadata = try #require(output["metadata"] as? NSDictionary)
                #expect(metadata["sourceIdentifier"] as? NSDictionary == (try Self.json(Self.identifierJSON)), "\(get)")
            }

            // A binary Get of the JSON-written entry has the bytes.
            let get = try await post(
                port, Self.unscoped + "Get",
                body: try Flyteidl2_Cacheservice_GetCacheRequest.with { $0.key = "k-json" }
                    .serializedBytes())
            let output = try Flyteidl2_Cacheservice_GetCacheResponse(serializedBytes: get.body).output
            #expect(output.outputLiterals == (try Self.literalsBinary()), "\(get)")
            #expect(output.metadata.sourceIdentifier == (try Self.identifierBinary()), "\(get)")
        }
    }

    @Test func theScopedServiceTakesAndAnswersLiteralsInJSON() async throws {
        try await withConnectListener { port, _ in
            let scope = #""identifier": {"org": "acme", "project": "flytesnacks", "domain": "development"}"#
            let put = """
                {\(scope), "baseRequest": {"key": "k2", "output": {"outputLiterals": \(Self.literalsJSON)},
                 "overwrite": {"overwrite": true, "maxAge": "60s"}}}
                """
            let putReply = try await post(
                port, Self.scoped + "Put", body: Array(put.utf8), contentType: "application/json")
            #expect(putReply.status == 200, "\(putReply)")
            let get = #"{\#(scope), "baseRequest": {"key": "k2"}}"#
            let reply = try await post(
                port, Self.scoped + "Get", body: Array(get.utf8), contentType: "application/json")
            #expect(reply.status == 200, "\(reply)")
            #expect((try Self.output(reply))["outputLiterals"] as? NSDictionary == (try Self.json(Self.literalsJSON)))
        }
    }

    @Test func jsonThatIsNotALiteralMapOrIdentifierIsInvalidArgument() async throws {
        try await withConnectListener { port, catalog in
            let outputs = [
                // The base64 form is not a LiteralMap's JSON.
                #"{"outputLiterals": "CgA="}"#,
                #"{"outputLiterals": {"literals": {"x": {"scalar": {"primitive": {"integer": "many"}}}}}}"#,
                #"{"outputLiterals": {"literals": {"x": {"scalar": {"primitive": {"integer": "1", "boolean": true}}}}}}"#,
                #"{"outputLiterals": {"literals": ["x"]}}"#,
                #"{"outputUri": "s3://b/o", "metadata": {"sourceIdentifier": "CgA="}}"#,
                #"{"outputUri": "s3://b/o", "metadata": {"sourceIdentifier": {"project": 7}}}"#,
            ]
            for output in outputs {
                let body = #"{"key": "k-bad", "output": \#(output)}"#
                let reply = try await post(
                    port, Self.unscoped + "Put", body: Array(body.utf8), contentType: "application/json")
                #expect(reply.status == 400 && reply.error?["code"] == "invalid_argument", "\(output): \(reply)")
                #expect(reply.error?["message"]?.contains("flyteidl2.cacheservice.PutCacheRequest") == true, "\(reply)")
            }
            #expect(try await Self.stored(catalog, "k-bad", item: "literals") == nil)
        }
    }

    @Test func literalsABinaryClientStoredThatAreNoLiteralMapHaveNoJSONForm() async throws {
        try await withConnectListener { port, _ in
            let put = Flyteidl2_Cacheservice_PutCacheRequest.with {
                $0.key = "k-opaque"
                $0.output.outputLiterals = Data([0xFF, 0xFF, 0xFF])
            }
            #expect(try await post(port, Self.unscoped + "Put", body: try put.serializedBytes()).status == 200)
            let reply = try await post(
                port, Self.unscoped + "Get", body: Array(#"{"key": "k-opaque"}"#.utf8), contentType: "application/json")
            #expect(reply.status == 400 && reply.error?["code"] == "failed_precondition", "\(reply)")
            #expect(reply.error?["message"]?.contains("application/proto") == true, "\(reply)")
        }
    }
}
