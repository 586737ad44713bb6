import CairnProtocol

/// The passwords of the three users, `reader`, `writer` and `admin`. With none set the server is
/// in protected mode: every client is trusted with the admin role, so only loopback and
/// Unix-socket clients are accepted.
public struct Passwords: Sendable, Equatable {
    public var reader: String?
    public var writer: String?
    public var admin: String?

    public init(reader: String? = nil, writer: String? = nil, admin: String? = nil) {
        self.reader = reader
        self.writer = writer
        self.admin = admin
    }

    /// Whether clients must authenticate (some password is set).
    public var required: Bool { reader != nil || writer != nil || admin != nil }

    /// The role `password` grants `user`, or `nil` (unknown user, no password set for it, or a wrong
    /// password). A missing user or `default` means `writer`, as `AUTH <password>` does in Redis.
    public func role(user: String?, password: String) -> CommandSpec.Role? {
        let candidates: [(String, String?, CommandSpec.Role)] = [
            ("reader", reader, .reader), ("writer", writer, .writer), ("admin", admin, .admin),
        ]
        let name = (user == nil || user == "default") ? "writer" : user!
        guard let (_, expected, role) = candidates.first(where: { $0.0 == name }), let expected else { return nil }
        return Self.constantTimeEqual(Array(expected.utf8), Array(password.utf8)) ? role : nil
    }

    /// Compares without stopping at the first difference, so the time taken does not tell an
    /// attacker how much of a guess was right.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0 && a.count == b.count
    }
}
