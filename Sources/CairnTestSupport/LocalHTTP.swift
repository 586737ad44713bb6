import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An HTTP request (or any request over TCP) without an HTTP client or curl: POSIX sockets,
/// blocking (run it with `Blocking.run`).
public enum LocalHTTP {
    struct SocketError: Error, CustomStringConvertible {
        var description: String
        init(_ what: String) { description = "\(what): \(String(cString: strerror(errno)))" }
    }

    /// A response taken apart.
    public struct Reply: Sendable, CustomStringConvertible {
        /// The status code, e.g. 200.
        public var status: Int
        /// Header fields, names lower-cased.
        public var headers: [String: String]
        public var body: String
        public var description: String { "HTTP \(status) \(headers) \(body.prefix(300).debugDescription)" }
    }

    /// `GET path` on `127.0.0.1:port` with `Connection: close`: the whole response, head and body.
    /// - Parameter headers: further request header lines, e.g. `Authorization: Basic …`.
    public static func get(port: Int, path: String, headers: [String] = []) throws -> String {
        let head = (["GET \(path) HTTP/1.1", "Host: 127.0.0.1", "Connection: close"] + headers)
            .joined(separator: "\r\n")
        return try exchange(port: port, head + "\r\n\r\n")
    }

    /// Sends `text` to `127.0.0.1:port` and returns everything received until the server closes
    /// (fails after 10 s of silence).
    public static func exchange(port: Int, _ text: String) throws -> String {
        String(decoding: try exchange(port: port, bytes: Array(text.utf8)), as: UTF8.self)
    }

    /// Sends `request` to `127.0.0.1:port` and returns every byte received until the server closes
    /// (fails after 10 s of silence): for requests and responses with binary bodies.
    public static func exchange(port: Int, bytes request: [UInt8]) throws -> [UInt8] {
        let fd = try socket()
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        try withSocketAddress(&address) { pointer, length in
            guard connect(fd, pointer, length) == 0 else { throw SocketError("connect to port \(port)") }
        }
        var sent = 0
        while sent < request.count {
            // A server may answer and close before it has read everything (a body over its limit):
            // stop sending then and read the answer. MSG_NOSIGNAL: no SIGPIPE for the test process.
            let count = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { break }
            sent += count
        }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count >= 0 else { throw SocketError("recv") }
            if count == 0 { break }
            response += chunk[..<count]
        }
        return response
    }

    /// `GET path` on a kept-alive connection: reads the response (its `Content-Length` bytes), calls
    /// `then` with the connection still open and idle, and waits up to 60 s for the server to close
    /// it. Returns the response and whether the server closed the connection.
    public static func keepAlive(port: Int, path: String, then: () throws -> Void) throws -> (
        response: String, closed: Bool
    ) {
        let fd = try socket()
        defer { close(fd) }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        try withSocketAddress(&address) { pointer, length in
            guard connect(fd, pointer, length) == 0 else { throw SocketError("connect to port \(port)") }
        }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        guard send(fd, request, request.count, 0) == request.count else { throw SocketError("send") }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while !isComplete(response) {
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { throw SocketError("recv before the response was complete") }
            response += chunk[..<count]
        }
        try then()
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count == 0 { return (String(decoding: response, as: UTF8.self), true) }
            if count < 0 { return (String(decoding: response, as: UTF8.self), false) }
        }
    }

    /// Whether `bytes` hold a response head and as many body bytes as its `Content-Length` says.
    private static func isComplete(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return false }
        let length =
            text[..<end.lowerBound].components(separatedBy: "\r\n")
            .first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        return text[end.upperBound...].utf8.count >= length
    }

    /// ``get(port:path:headers:)`` taken apart into status, headers and body.
    public static func reply(port: Int, path: String, headers: [String] = []) throws -> Reply {
        let text = try get(port: port, path: path, headers: headers)
        guard let end = text.range(of: "\r\n\r\n") else {
            throw SocketError("no response head in \(text.debugDescription)")
        }
        let lines = text[..<end.lowerBound].components(separatedBy: "\r\n")
        let status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Reply(status: status, headers: fields, body: String(text[end.upperBound...]))
    }

    private static func socket() throws -> Int32 {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError("socket") }
        return fd
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        return address
    }

    private static func withSocketAddress<T>(
        _ address: inout sockaddr_in, _ body: (UnsafeMutablePointer<sockaddr>, socklen_t) throws -> T
    ) rethrows -> T {
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                try body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }
}
