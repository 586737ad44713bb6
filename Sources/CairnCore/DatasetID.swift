/// A dataset's identity: project, domain, name and version, written as one token
/// `project/domain/name/version`.
public struct DatasetID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Longest project or domain, in bytes.
    public static let maxProjectLength = 64
    /// Longest dataset name, in bytes.
    public static let maxNameLength = 256
    /// Longest dataset version, in bytes.
    public static let maxVersionLength = 128

    public let project: String
    public let domain: String
    public let name: String
    public let version: String

    /// Validates each part.
    /// - Throws: ``CairnError/Code/invalidArgument`` naming the bad part.
    public init(project: String, domain: String, name: String, version: String) throws {
        try Identifier.validateName(project, field: "project", maxLength: Self.maxProjectLength)
        try Identifier.validateName(domain, field: "domain", maxLength: Self.maxProjectLength)
        try Identifier.validateName(name, field: "name", maxLength: Self.maxNameLength)
        try Identifier.validateName(version, field: "version", maxLength: Self.maxVersionLength)
        self.project = project
        self.domain = domain
        self.name = name
        self.version = version
    }

    /// Parses `project/domain/name/version`.
    /// - Throws: ``CairnError/Code/invalidArgument`` for a token that does not have four valid parts.
    public init(parsing token: String) throws {
        let parts = token.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4 else {
            throw CairnError.invalid(
                "dataset", "expected project/domain/name/version, got \(parts.count) part(s) in \"\(token.prefix(80))\""
            )
        }
        try self.init(
            project: String(parts[0]), domain: String(parts[1]), name: String(parts[2]),
            version: String(parts[3]))
    }

    public var description: String { "\(project)/\(domain)/\(name)/\(version)" }

    public static func < (lhs: DatasetID, rhs: DatasetID) -> Bool {
        (lhs.project, lhs.domain, lhs.name, lhs.version) < (rhs.project, rhs.domain, rhs.name, rhs.version)
    }
}
