import CairnCore

/// The compact form persisted after transitions: columns rather than records (a column of phases,
/// then of cache statuses, …) so that zlib finds long runs, start times as deltas from the
/// previous node, literals in their canonical encoding; then the whole is zlib-compressed.
extension ExecutionState {
    static let encodingVersion: UInt8 = 1

    private enum Flag {
        static let outputs: UInt8 = 1
        static let error: UInt8 = 2
        static let futureFromCatalog: UInt8 = 4
        static let compileTime: UInt8 = 8
    }

    /// The uncompressed binary encoding.
    func encodedUncompressed() -> [UInt8] {
        var writer = BinaryWriter()
        writer.byte(Self.encodingVersion)
        writer.varint(nodes.count)
        for node in nodes { writer.byte(node.phase.rawValue) }
        for node in nodes { writer.byte(node.cache?.rawValue ?? 0) }
        for node in nodes { writer.varint(node.attempts) }
        var previous: Int64 = 0
        for node in nodes {
            // 0 for "not started", else 1 + zig-zag delta from the previous started node.
            guard let start = node.startedAt else {
                writer.varint(UInt64(0))
                continue
            }
            let delta = start - previous
            writer.varint(1 + UInt64(bitPattern: (delta << 1) ^ (delta >> 63)))
            previous = start
        }
        for node in nodes { writer.varint(node.duration.map { UInt64(max(0, $0)) + 1 } ?? 0) }
        for node in nodes { writer.byte(Self.flags(node)) }
        for node in nodes {
            if let compileTime = node.compileTime { writer.varint(UInt64(max(0, compileTime))) }
            if let outputs = node.outputs {
                writer.varint(outputs.count)
                for output in outputs { writer.data(output.canonicalBytes()) }
            }
            if let error = node.error { writer.string(error) }
        }
        writer.varint(futures.count)
        for future in futures {
            writer.varint(future.owner)
            writer.data(future.encoded)
        }
        return writer.bytes
    }

    /// The persisted form: ``encodedUncompressed()`` through zlib.
    func encoded() throws -> [UInt8] {
        try Zlib.compress(encodedUncompressed(), level: 6)
    }

    private static func flags(_ node: NodeState) -> UInt8 {
        var flags: UInt8 = 0
        if node.outputs != nil { flags |= Flag.outputs }
        if node.error != nil { flags |= Flag.error }
        if node.futureFromCatalog { flags |= Flag.futureFromCatalog }
        if node.compileTime != nil { flags |= Flag.compileTime }
        return flags
    }

    /// Reads ``encoded()``.
    /// - Throws: ``EngineError/Code/corruptState``.
    init(encoded: [UInt8]) throws {
        let raw: [UInt8]
        do { raw = try Zlib.decompress(encoded, maxOutput: 1 << 31) } catch {
            throw EngineError(.corruptState, "execution state is corrupt: \(error)")
        }
        var reader = BinaryReader(raw, what: "execution state")
        guard try reader.byte() == Self.encodingVersion else { throw reader.failure("unknown version") }
        let count = try reader.count(limit: raw.count)
        var nodes = Array(repeating: NodeState(), count: count)
        for index in 0..<count {
            guard let phase = NodeState.Phase(rawValue: try reader.byte()) else { throw reader.failure("bad phase") }
            nodes[index].phase = phase
        }
        for index in 0..<count {
            let raw = try reader.byte()
            guard raw == 0 || CacheStatus(rawValue: raw) != nil else { throw reader.failure("bad cache status") }
            nodes[index].cache = CacheStatus(rawValue: raw)
        }
        for index in 0..<count { nodes[index].attempts = try reader.count(limit: 1 << 20) }
        var previous: Int64 = 0
        for index in 0..<count {
            let raw = try reader.varint()
            guard raw > 0 else { continue }
            let zigzag = raw - 1
            previous += Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1)))
            nodes[index].startedAt = previous
        }
        for index in 0..<count {
            let raw = try reader.varint()
            nodes[index].duration = raw == 0 ? nil : Int64(raw - 1)
        }
        var flags = [UInt8](repeating: 0, count: count)
        for index in 0..<count { flags[index] = try reader.byte() }
        for index in 0..<count {
            nodes[index].futureFromCatalog = flags[index] & Flag.futureFromCatalog != 0
            if flags[index] & Flag.compileTime != 0 { nodes[index].compileTime = Int64(try reader.varint()) }
            if flags[index] & Flag.outputs != 0 {
                let outputs = try reader.count(limit: raw.count)
                nodes[index].outputs = try (0..<outputs).map { _ in try Literal(canonicalBytes: reader.data()) }
            }
            if flags[index] & Flag.error != 0 { nodes[index].error = try reader.string() }
        }
        let futureCount = try reader.count(limit: count)
        var futures: [Future] = []
        for _ in 0..<futureCount {
            let owner = try reader.count(limit: count)
            futures.append(Future(owner: owner, encoded: try reader.data()))
        }
        guard reader.isAtEnd else { throw reader.failure("trailing bytes") }
        self.init(nodes: nodes, futures: futures)
    }
}
