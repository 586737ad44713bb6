import Foundation

/// Where an artifact came from, as metadata entries under `cairn.` keys: the engine writes them
/// with every result it stores (as Flyte's propeller writes the execution, node and attempt), and
/// `CACHE.GET`, `cairn get`, the listings and the run report show them.
public struct Lineage: Hashable, Sendable {
    /// The execution that ran the task.
    public var execution: String
    public var workflow: String
    public var node: String
    /// The attempt that produced the result (1 for the first).
    public var attempt: Int
    public var host: String
    /// The version of the engine that ran it.
    public var engineVersion: String
    /// SHA-256 of the task's command (its argv), hex.
    public var commandDigest: String
    /// When the attempt that produced the result started.
    public var ranAt: Date

    public init(
        execution: String, workflow: String, node: String, attempt: Int, host: String, engineVersion: String,
        commandDigest: String, ranAt: Date
    ) {
        self.execution = execution
        self.workflow = workflow
        self.node = node
        self.attempt = attempt
        self.host = host
        self.engineVersion = engineVersion
        self.commandDigest = commandDigest
        self.ranAt = ranAt
    }

    /// The metadata keys, in the order listings show them.
    public enum Key {
        public static let execution = "cairn.execution"
        public static let workflow = "cairn.workflow"
        public static let node = "cairn.node"
        public static let attempt = "cairn.attempt"
        public static let host = "cairn.host"
        public static let engineVersion = "cairn.engine_version"
        public static let commandDigest = "cairn.command_sha256"
        public static let ranAt = "cairn.ran_at"
    }

    /// The entries to store as the artifact's metadata (the time as RFC 3339, milliseconds, UTC).
    public var metadata: [String: String] {
        [
            Key.execution: execution, Key.workflow: workflow, Key.node: node, Key.attempt: String(attempt),
            Key.host: host, Key.engineVersion: engineVersion, Key.commandDigest: commandDigest,
            Key.ranAt: RFC3339.format(nanoseconds: Int64((ranAt.timeIntervalSince1970 * 1000).rounded()) * 1_000_000),
        ]
    }

    /// The lineage an artifact's metadata records, or `nil` when it records none (not written by the engine).
    public init?(metadata: [String: String]) {
        guard let execution = metadata[Key.execution], let node = metadata[Key.node] else { return nil }
        let ranAt = metadata[Key.ranAt].flatMap { text -> Date? in
            guard case .success(let nanoseconds) = RFC3339.parse(text) else { return nil }
            return Date(timeIntervalSince1970: Double(nanoseconds) / 1e9)
        }
        self.init(
            execution: execution, workflow: metadata[Key.workflow] ?? "", node: node,
            attempt: metadata[Key.attempt].flatMap { Int($0) } ?? 0, host: metadata[Key.host] ?? "",
            engineVersion: metadata[Key.engineVersion] ?? "", commandDigest: metadata[Key.commandDigest] ?? "",
            ranAt: ranAt ?? Date(timeIntervalSince1970: 0))
    }

    /// `execution E node N attempt A at T`, for reports (the host is in the metadata and the JSON report).
    public var summary: String {
        "execution \(execution) node \(node) attempt \(attempt) at \(metadata[Key.ranAt]!)"
    }

    /// SHA-256 of a command's argv: each argument's UTF-8 length (8 bytes, big-endian) and bytes.
    public static func commandDigest(_ command: [String]) -> String {
        var bytes: [UInt8] = Array("cairn.command.v1\0".utf8)
        for argument in command {
            let utf8 = Array(argument.utf8)
            withUnsafeBytes(of: UInt64(utf8.count).bigEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: utf8)
        }
        return SHA256Digest.of(bytes).hex
    }
}
