import CairnCore
import Foundation

/// The server's scheme, host and port, and how a bucket and key become a URL and a `host` header.
struct S3Endpoint: Sendable, Hashable {
    var scheme: String
    var host: String
    var port: Int?
    var pathStyle: Bool

    init(configuration: S3Client.Configuration) throws {
        let text = configuration.endpoint ?? "https://s3.\(configuration.region).amazonaws.com"
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty, url.path.isEmpty || url.path == "/", url.query == nil
        else {
            throw CairnError.invalid("s3-endpoint", "'\(text)' is not an http(s)://host[:port] URL")
        }
        self.scheme = scheme
        self.host = host
        self.port = url.port
        self.pathStyle = configuration.pathStyle
    }

    /// The `host` header: the host, the bucket in front of it when virtual-hosted, a non-default port after it.
    func hostHeader(bucket: String) -> String {
        let name = pathStyle || bucket.isEmpty ? host : "\(bucket).\(host)"
        guard let port, port != (scheme == "https" ? 443 : 80) else { return name }
        return "\(name):\(port)"
    }

    /// The encoded path: `/bucket/key` (path-style) or `/key`.
    func encodedPath(bucket: String, key: String?) -> String {
        var path = pathStyle && !bucket.isEmpty ? "/\(bucket)" : ""
        if let key { path += "/\(key)" } else if path.isEmpty { path = "/" }
        return S3URIEncoding.encodePath(path)
    }

    /// The URL to send: scheme, `host` header, the encoded path and the canonical query.
    func url(bucket: String, encodedPath: String, query: String) -> String {
        "\(scheme)://\(hostHeader(bucket: bucket))\(encodedPath)\(query.isEmpty ? "" : "?\(query)")"
    }
}
