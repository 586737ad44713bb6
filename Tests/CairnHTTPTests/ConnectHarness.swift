import CairnCore
import CairnFlyte
import CairnHTTP
import CairnServer
import CairnStore
import CairnTestSupport
import Foundation

/// A catalog server and an HTTP listener serving Flyte 2's cache service over Connect, on a fresh
/// migrated database, until `body` returns; `body` gets the HTTP port and the catalog.
func withConnectListener(
    configure: @escaping (inout HTTPListener.Configuration) -> Void = { _ in },
    _ body: (_ httpPort: Int, CatalogServer) async throws -> Void
) async throws {
    try await TestDatabase.withStore { store, _ in
        try await withCatalogServer(on: store) { _, catalog in
            try await withHTTPListener(
                catalog: catalog,
                configure: {
                    $0.flyteCache = FlyteCacheHandler(service: catalog.service)
                    configure(&$0)
                }
            ) { port in
                try await body(port, catalog)
            }
        }
    }
}

/// A response with its body as bytes.
struct ConnectReply: CustomStringConvertible {
    var status: Int
    /// Header fields, names lower-cased.
    var headers: [String: String]
    var body: [UInt8]

    /// The body of a Connect error: `code` and `message`.
    var error: [String: String]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: String]
    }

    var description: String {
        "HTTP \(status) \(headers) \(String(decoding: body.prefix(300), as: UTF8.self).debugDescription)"
    }
}

/// `POST path` with `body` on the listener (with `Connection: close`), off the cooperative pool.
/// - Parameter headers: further header lines; `Content-Type` is `contentType` unless it is `nil`.
func post(
    _ port: Int, _ path: String, body: [UInt8], contentType: String? = "application/proto", headers: [String] = []
) async throws -> ConnectReply {
    var head = ["POST \(path) HTTP/1.1", "Host: 127.0.0.1", "Connection: close", "Content-Length: \(body.count)"]
    if let contentType { head.append("Content-Type: \(contentType)") }
    let request = Array((head + headers).joined(separator: "\r\n").utf8) + Array("\r\n\r\n".utf8) + body
    let response = try await Blocking.run { try LocalHTTP.exchange(port: port, bytes: request) }
    let separator = Array("\r\n\r\n".utf8)
    guard let end = response.indices.first(where: { response[$0...].starts(with: separator) }) else {
        throw CairnError(.internalError, "no response head in \(response.count) bytes")
    }
    let lines = String(decoding: response[..<end], as: UTF8.self).components(separatedBy: "\r\n")
    let status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
    var fields: [String: String] = [:]
    for line in lines.dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return ConnectReply(status: status, headers: fields, body: Array(response[(end + separator.count)...]))
}
