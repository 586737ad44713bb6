import CairnCore
import Foundation
import Synchronization

/// A PostgreSQL session-level advisory lock on one execution, held on a connection of its own
/// for as long as an engine runs it. It goes with the connection, so an engine killed with
/// SIGKILL lets go of it at once and `--resume` can start right away.
public final class ExecutionLock: Sendable {
    private let connection: Mutex<Holder?>

    /// Boxes the confined connection: it is used by ``acquire(databaseURL:execution:)`` before the
    /// lock is shared and afterwards only closed, once, under the box's lock.
    private final class Holder: @unchecked Sendable {
        let connection: PGConnection
        init(_ connection: PGConnection) { self.connection = connection }
    }

    private init(_ connection: PGConnection) {
        self.connection = Mutex(Holder(connection))
    }

    /// Takes the lock on `execution`. Blocking.
    /// - Throws: ``CairnError/Code/conflict`` when another engine runs the execution now.
    public static func acquire(databaseURL: String, execution: UUID) throws -> ExecutionLock {
        let connection = try PGConnection(connectionString: databaseURL, connectTimeout: 10)
        var bind = PGBind()
        bind.append(key(execution))
        let result = try connection.execute("SELECT pg_try_advisory_lock($1::bigint)", bind)
        guard result.bool(0, 0) else {
            throw CairnError(.conflict, "execution \(execution.uuidString.lowercased()) is being run by another engine")
        }
        return ExecutionLock(connection)
    }

    /// Lets go of the lock (by closing its connection).
    public func release() {
        connection.withLock { $0 = nil }
    }

    /// The lock key: the execution id's first 8 bytes, XORed with a fixed salt so they do not meet
    /// the migrator's key.
    static func key(_ execution: UUID) -> Int64 {
        let bytes = withUnsafeBytes(of: execution.uuid) { Array($0) }
        let value = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int64(bitPattern: value ^ 0x6578_6563_7574_6500)
    }
}
