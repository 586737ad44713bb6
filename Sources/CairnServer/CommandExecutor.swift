import CairnCore
import CairnProtocol
import CairnStore
import Foundation
import NIOCore

/// Turns requests into replies: connection commands and hot-cache hits at once, on the
/// connection's event loop; store commands later, off it.
struct CommandExecutor: Sendable {
    /// What to do with a request.
    enum Execution {
        /// The reply is ready; `close` ends the connection after it is written (QUIT).
        case reply(ByteBuffer, close: Bool)
        /// The reply needs the store: run this off the event loop.
        case deferred(@Sendable () async -> ByteBuffer)
        /// The reply needs one store lookup: start it now; it calls back once, off the event loop,
        /// without a task in between (the hot path's store misses).
        case callback(@Sendable (@escaping @Sendable (ByteBuffer) -> Void) -> Void)
    }

    /// How a request runs relative to the connection's other requests.
    enum Ordering: Equatable {
        /// Reads: may run beside other reads of the connection.
        case concurrent
        /// Writes and `INFO`: after everything before, before everything after.
        case exclusive
    }

    let store: CairnStore
    let hotCache: HotCache
    let stats: ServerStats
    let passwords: Passwords
    /// What `INFO` reports about the server around the executor (clients, configuration).
    let serverInfo: @Sendable () -> InfoReply.ServerState

    /// Starts `request`: checks the role the command needs, parses it, and runs what needs no I/O.
    func start(_ request: RESPRequest, session: inout Session) -> Execution {
        stats.increment(.commands)
        if let hit = hotHit(request, session: session) { return .reply(hit, close: false) }
        let name = request.commandName
        guard let spec = CommandTable.spec(name) else {
            return fail(CommandError("unknown command '\(String(buffer: request.arguments[0]).prefix(64))'"), session)
        }
        guard session.role >= spec.role else {
            if session.role == .anyone {
                return fail(CommandError(prefix: "NOAUTH", "Authentication required."), session)
            }
            return fail(
                CommandError(
                    prefix: "NOPERM",
                    "User \(session.user ?? "default") has no permissions to run the '\(name.lowercased())' command"),
                session)
        }
        let command: Command
        do {
            command = try Command.parse(request)
        } catch let error as CommandError {
            return fail(error, session)
        } catch {
            return fail(CommandError("\(error)"), session)
        }
        if let reply = runConnectionCommand(command, session: &session) { return reply }
        let version = session.version
        let started = DispatchTime.now().uptimeNanoseconds
        if case .cacheGet(let dataset, let tag) = command {
            // The hot cache was probed with the request's bytes (``hotHit``), which for a valid
            // request are the canonical key: go straight to the store.
            return .callback { [self] done in
                storeLookup(dataset, tag, version: version) { reply in
                    stats.recordLatency(
                        command: spec.name, nanoseconds: Int64(DispatchTime.now().uptimeNanoseconds - started))
                    done(reply)
                }
            }
        }
        return .deferred { [self] in
            let reply: ByteBuffer
            do {
                reply = try await runStoreCommand(command, version: version)
            } catch let error as CommandError {
                reply = encode(error, version)
            } catch let error as CairnError {
                reply = encode(CommandError(error), version)
            } catch {
                reply = encode(CommandError("\(error)"), version)
            }
            stats.recordLatency(
                command: spec.name, nanoseconds: Int64(DispatchTime.now().uptimeNanoseconds - started))
            return reply
        }
    }

    /// Whether `request` must run alone on its connection (a write, or `INFO`, which reports what
    /// the requests before it did).
    func ordering(of request: RESPRequest) -> Ordering {
        if Self.isCacheGet(request.arguments[0]) { return .concurrent }
        guard let spec = CommandTable.spec(request.commandName) else { return .concurrent }
        return spec.flags.contains("write") || spec.name == "INFO" ? .exclusive : .concurrent
    }

    /// A `CACHE.GET` answered from the hot cache without parsing: the key bytes are looked up as
    /// sent, and only entries that passed validation are in the cache.
    private func hotHit(_ request: RESPRequest, session: Session) -> ByteBuffer? {
        guard request.arguments.count == 3, session.role >= .reader, hotCache.isEnabled,
            Self.isCacheGet(request.arguments[0])
        else { return nil }
        // Not timed: a hot hit takes about a microsecond, and two clock reads and the histogram's
        // lock would be a measurable share of it. `cairn_cache_hits_hot_total` counts them.
        guard let hit = hotCache.lookupEntry(dataset: request.arguments[1], tag: request.arguments[2]) else {
            return nil
        }
        stats.increment(.hotHits)
        return hit.bytes(for: session.hotVersion)
    }

    /// Whether `name` spells `CACHE.GET` in any case, without making a string.
    static func isCacheGet(_ name: ByteBuffer) -> Bool {
        guard name.readableBytes == 9 else { return false }
        return name.withUnsafeReadableBytes { bytes in
            zip(bytes, "CACHE.GET".utf8).allSatisfy { byte, expected in
                byte == expected || (expected >= 65 && expected <= 90 && byte == expected + 32)
            }
        }
    }

    func fail(_ error: CommandError, _ session: Session) -> Execution {
        .reply(encode(error, session.version), close: false)
    }

    func encode(_ error: CommandError, _ version: RESPVersion) -> ByteBuffer {
        stats.recordError(prefix: error.prefix)
        return error.reply.encoded(version: version)
    }
}
