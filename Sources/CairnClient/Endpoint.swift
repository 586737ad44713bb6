import CairnCore

/// Where a Cairn catalog server listens: a TCP host and port, or a Unix socket path.
public enum Endpoint: Hashable, Sendable, CustomStringConvertible {
    /// A host name or IP address and a port.
    case tcp(host: String, port: Int)
    /// A Unix-domain socket (`cairn serve` makes `<data-dir>/cairn.sock`).
    case unix(path: String)

    /// The port `cairn serve` listens on by default.
    public static let defaultPort = 7379

    /// `127.0.0.1:7379`, what `cairn serve` listens on by default.
    public static let local = Endpoint.tcp(host: "127.0.0.1", port: defaultPort)

    /// Parses `host:port`, `host` (port 7379), `[v6-address]:port`, a bare IPv6 address, or a path
    /// containing `/` (a Unix socket; a `unix:` prefix is allowed).
    /// - Throws: ``CairnError/Code/invalidArgument`` with field `catalog`.
    public init(parsing text: String) throws {
        let text = text.hasPrefix("unix:") ? String(text.dropFirst(5)) : text
        guard !text.isEmpty else { throw CairnError.invalid("catalog", "must not be empty") }
        if text.contains("/") {
            self = .unix(path: text)
            return
        }
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), close > text.index(after: text.startIndex) else {
                throw CairnError.invalid("catalog", "\(text) has no closing ']'")
            }
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.isEmpty {
                self = .tcp(host: host, port: Self.defaultPort)
            } else {
                guard rest.hasPrefix(":") else { throw CairnError.invalid("catalog", "\(text) is not [address]:port") }
                self = .tcp(host: host, port: try Self.port(rest.dropFirst(), in: text))
            }
            return
        }
        let colons = text.count { $0 == ":" }
        if colons == 1, let colon = text.firstIndex(of: ":") {
            let host = String(text[..<colon])
            guard !host.isEmpty else { throw CairnError.invalid("catalog", "\(text) has no host") }
            self = .tcp(host: host, port: try Self.port(text[text.index(after: colon)...], in: text))
        } else {
            // No colon: a host name; several: an IPv6 address without a port.
            self = .tcp(host: text, port: Self.defaultPort)
        }
    }

    /// `host:port` (`[address]:port` for IPv6), or the socket path.
    public var description: String {
        switch self {
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path): "unix:\(path)"
        }
    }

    private static func port(_ text: Substring, in whole: String) throws -> Int {
        guard let port = Int(text), (1...65_535).contains(port) else {
            throw CairnError.invalid("catalog", "\(whole): the port must be a number from 1 to 65535")
        }
        return port
    }
}
