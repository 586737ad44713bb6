import CairnCore

/// The compact form persisted after transitions: columns rather than records (a column of phases,
/// then of cache statuses, …) so that zlib finds long runs, start times as deltas from the
/// previous node, literals in their canonical encoding; then the whole is zlib-compressed. The
/// primitives are CairnCore's canonical writer and reader. Version 2 adds the engine's processes
/// (boot id, watchdog, running task groups) after the futures, version 3 the elements of map
/// nodes after those (a column of phases, one of cache statuses, then the succeeded elements'
/// outputs), version 4 the case each branch node chose after those (node index, case position);
/// states of versions 1 to 3 are still read.
extension ExecutionState {
    static let encodingVersion: UInt8 = 4

    private enum Flag {
        static let outputs: UInt8 = 1
        static let error: UInt8 = 2
        static let futureFromCatalog: UInt8 = 4
        static let compileTime: UInt8 = 8
    }

    /// The uncompressed binary encoding.
    func encodedUncompressed() -> [UInt8] {
        var writer = CanonicalWriter()
        writer.bytes.append(Self.encodingVersion)
        writer.writeLength(nodes.count)
        writer.bytes.append(contentsOf: nodes.map { $0.phase.rawValue })
        writer.bytes.append(contentsOf: nodes.map { $0.cache?.rawValue ?? 0 })
        for node in nodes { writer.writeLength(node.attempts) }
        var previous: Int64 = 0
        for node in nodes {
            // 0 for "not started", else 1 + zig-zag delta from the previous started node.
            guard let start = node.startedAt else {
                writer.writeVarint(0)
                continue
            }
            writer.writeVarint(1 + UInt64(bitPattern: ((start - previous) << 1) ^ ((start - previous) >> 63)))
            previous = start
        }
        for node in nodes { writer.writeVarint(node.duration.map { UInt64(max(0, $0)) + 1 } ?? 0) }
        writer.bytes.append(contentsOf: nodes.map(Self.flags))
        for node in nodes {
            if let compileTime = node.compileTime { writer.writeVarint(UInt64(max(0, compileTime))) }
            if let outputs = node.outputs {
                writer.writeLength(outputs.count)
                for output in outputs { writer.writeBytes(output.canonicalBytes()) }
            }
            if let error = node.error { writer.writeString(error) }
        }
        writer.writeLength(futures.count)
        for future in futures {
            writer.writeLength(future.owner)
            writer.writeBytes(future.encoded)
        }
        writer.writeString(bootID ?? "")
        // The watchdog: pid 0 when there is none (no process has pid 0).
        writer.writeVarint(UInt64(watchdog?.pid ?? 0))
        if let watchdog { writer.writeVarint(watchdog.startTime) }
        writer.writeLength(taskGroups.count)
        for group in taskGroups {
            writer.writeLength(group.node)
            writer.writeVarint(UInt64(group.leader.pid))
            writer.writeVarint(group.leader.startTime)
        }
        writer.writeLength(maps.count)
        for (node, elements) in maps.sorted(by: { $0.key < $1.key }) {
            writer.writeLength(node)
            writer.writeLength(elements.count)
            writer.bytes.append(contentsOf: elements.phases.map(\.rawValue))
            writer.bytes.append(contentsOf: elements.caches)
            for (phase, outputs) in zip(elements.phases, elements.outputs) where phase == .succeeded {
                let outputs = outputs ?? []
                writer.writeLength(outputs.count)
                for output in outputs { writer.writeBytes(output.canonicalBytes()) }
            }
        }
        writer.writeLength(branches.count)
        for (node, chosen) in branches.sorted(by: { $0.key < $1.key }) {
            writer.writeLength(node)
            writer.writeLength(chosen)
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
        do {
            try self.init(reading: try Zlib.decompress(encoded, maxOutput: 1 << 31))
        } catch let error as CairnError {
            throw EngineError(.corruptState, "execution state is corrupt: \(error.message)")
        }
    }

    private init(reading raw: [UInt8]) throws {
        var reader = CanonicalReader(bytes: raw, field: "execution state")
        let version = try reader.readByte()
        guard (1...Self.encodingVersion).contains(version) else { throw reader.error("unknown version") }
        // Every node takes at least one byte in each fixed column.
        let count = try reader.readCount(minimumSize: 6)
        var nodes = Array(repeating: NodeState(), count: count)
        for index in 0..<count {
            guard let phase = NodeState.Phase(rawValue: try reader.readByte()) else { throw reader.error("bad phase") }
            nodes[index].phase = phase
        }
        for index in 0..<count {
            let raw = try reader.readByte()
            guard raw == 0 || CacheStatus(rawValue: raw) != nil else { throw reader.error("bad cache status") }
            nodes[index].cache = CacheStatus(rawValue: raw)
        }
        for index in 0..<count { nodes[index].attempts = try Self.small(&reader) }
        var previous: Int64 = 0
        for index in 0..<count {
            let raw = try reader.readVarint()
            guard raw > 0 else { continue }
            previous &+= Int64(bitPattern: ((raw - 1) >> 1) ^ (0 &- ((raw - 1) & 1)))
            nodes[index].startedAt = previous
        }
        for index in 0..<count {
            let raw = try reader.readVarint()
            nodes[index].duration = raw == 0 ? nil : Int64(truncatingIfNeeded: raw - 1)
        }
        let flags = try (0..<count).map { _ in try reader.readByte() }
        for index in 0..<count {
            nodes[index].futureFromCatalog = flags[index] & Flag.futureFromCatalog != 0
            if flags[index] & Flag.compileTime != 0 {
                nodes[index].compileTime = Int64(truncatingIfNeeded: try reader.readVarint())
            }
            if flags[index] & Flag.outputs != 0 {
                let outputs = try reader.readCount(minimumSize: 1)
                nodes[index].outputs = try (0..<outputs).map { _ in try Literal(canonicalBytes: reader.readBytes()) }
            }
            if flags[index] & Flag.error != 0 { nodes[index].error = try reader.readString(requireNFC: false) }
        }
        var futures: [Future] = []
        for _ in 0..<(try reader.readCount(minimumSize: 2)) {
            let owner = try Self.small(&reader)
            guard owner < count else { throw reader.error("future of unknown node \(owner)") }
            futures.append(Future(owner: owner, encoded: try reader.readBytes()))
        }
        self.init(nodes: nodes, futures: futures)
        if version >= 2 { try readProcesses(&reader) }
        if version >= 3 { try readMaps(&reader) }
        if version >= 4 { try readBranches(&reader) }
        try reader.expectEnd()
    }

    /// Version 3's map nodes: for each, its index, element count, phases, cache statuses and outputs.
    private mutating func readMaps(_ reader: inout CanonicalReader) throws {
        for _ in 0..<(try reader.readCount(minimumSize: 2)) {
            let node = try Self.small(&reader)
            guard node < nodes.count, maps[node] == nil else { throw reader.error("elements of bad node \(node)") }
            // Each element takes two bytes at least.
            var elements = MapElements(count: try reader.readCount(minimumSize: 2))
            for element in 0..<elements.count {
                guard let phase = MapElements.Phase(rawValue: try reader.readByte()) else {
                    throw reader.error("bad element phase")
                }
                elements.phases[element] = phase
            }
            for element in 0..<elements.count {
                let raw = try reader.readByte()
                guard raw == 0 || CacheStatus(rawValue: raw) != nil else { throw reader.error("bad cache status") }
                elements.caches[element] = raw
            }
            for element in 0..<elements.count where elements.phases[element] == .succeeded {
                let count = try reader.readCount(minimumSize: 1)
                elements.outputs[element] = try (0..<count).map { _ in try Literal(canonicalBytes: reader.readBytes()) }
            }
            maps[node] = elements
        }
    }

    /// Version 4's branch choices: for each branch node that chose, its index and the case's position.
    private mutating func readBranches(_ reader: inout CanonicalReader) throws {
        for _ in 0..<(try reader.readCount(minimumSize: 2)) {
            let node = try Self.small(&reader)
            guard node < nodes.count, branches[node] == nil else { throw reader.error("choice of bad node \(node)") }
            branches[node] = try Self.small(&reader)
        }
    }

    /// Version 2's trailer: the boot id, the watchdog and the running task groups.
    private mutating func readProcesses(_ reader: inout CanonicalReader) throws {
        let boot = try reader.readString(requireNFC: false)
        bootID = boot.isEmpty ? nil : boot
        let watchdogPID = try Self.pid(&reader)
        if watchdogPID != 0 { watchdog = ProcessIdentity(pid: watchdogPID, startTime: try reader.readVarint()) }
        // Each group takes at least three bytes.
        for _ in 0..<(try reader.readCount(minimumSize: 3)) {
            let node = try Self.small(&reader)
            guard node < nodes.count else { throw reader.error("task group of unknown node \(node)") }
            let leader = try Self.pid(&reader)
            guard leader > 0 else { throw reader.error("task group without a leader") }
            taskGroups.append(
                TaskGroup(node: node, leader: ProcessIdentity(pid: leader, startTime: try reader.readVarint())))
        }
    }

    private static func pid(_ reader: inout CanonicalReader) throws -> Int32 {
        let value = try reader.readVarint()
        guard value <= UInt64(Int32.max) else { throw reader.error("pid \(value) is out of range") }
        return Int32(value)
    }

    /// A count that must fit comfortably in an `Int` (attempts, node indices).
    private static func small(_ reader: inout CanonicalReader) throws -> Int {
        let value = try reader.readVarint()
        guard value <= 1 << 31 else { throw reader.error("\(value) is out of range") }
        return Int(value)
    }
}
