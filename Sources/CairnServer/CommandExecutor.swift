import CairnCore
import CairnProtocol
import CairnService
import Foundation
import NIOCore

/// Turns requests into replies: connection commands and hot-cache hits at once, on the
/// connection's event loop; catalog commands later, off it. Translation only: roles, parsing
/// and reply encoding are RESP's, every rule of the catalog is the ``CatalogService``'s.
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

    let service: CatalogService
    let passwords: Passwords
    /// What `INFO` reports about the server around the executor (clients, configuration).
    let serverInfo: @Sendable () -> InfoReply.ServerState

    var stats: ServerStats { service.stats }

    /// The table entry of `request`, looked up once per request (`nil`: unknown command).
    /// `CACHE.GET`, the hot path, is recognised from its bytes without making a string.
    func spec(of request: RESPRequest) -> CommandSpec? {
        Self.isCacheGet(request.arguments[0]) ? Self.cacheGet : CommandTable.spec(request.commandName)
    }

    private static let cacheGet = CommandTable.spec("CACHE.GET")!

    /// Whether a command must run alone on its connection: a write, or `INFO`, which reports what
    /// the requests before it did.
    func ordering(of spec: CommandSpec?) -> Ordering {
        guard let spec, spec.flags.contains(.write) || spec.name == "INFO" else { return .concurrent }
        return .exclusive
    }

    /// Starts `request` (whose table entry is `spec`): checks the role the command needs, parses it,
    /// and runs what needs no I/O.
    func start(_ request: RESPRequest, spec: CommandSpec?, session: inout Session) -> Execution {
        stats.increment(.commands)
        guard let spec else {
            return fail(CommandError("unknown command '\(String(buffer: request.arguments[0]).prefix(64))'"), session)
        }
        guard session.role >= spec.role else {
            if session.role == .anyone {
                return fail(CommandError(prefix: "NOAUTH", "Authentication required."), session)
            }
            return fail(
                CommandError(
                    prefix: "NOPERM",
                    "User \(session.user ?? "default") has no permissions to run the '\(spec.name.lowercased())' command"
                ),
                session)
        }
        if spec.name == Self.cacheGet.name, let hit = hotHit(request, version: session.version) {
            return .reply(hit, close: false)
        }
        let hot = spec.name == CacheMGet.spec.name ? hotParts(request, version: session.version) : []
        if !hot.isEmpty, hot.allSatisfy({ $0 != nil }) {
            return .reply(Self.frame(hot.map { $0! }), close: false)
        }
        let command: Command
        do {
            command = try Command.parse(request, spec: spec)
        } catch {
            return .reply(errorReply(error, session.version), close: false)
        }
        if let reply = runConnectionCommand(command, session: &session) { return reply }
        let version = session.version
        let started = DispatchTime.now().uptimeNanoseconds
        let timed: @Sendable (ByteBuffer) -> ByteBuffer = { [stats] reply in
            stats.recordLatency(command: spec.name, nanoseconds: Int64(DispatchTime.now().uptimeNanoseconds - started))
            return reply
        }
        if case .cacheGet(let get) = command {
            // The hot cache was probed with the request's bytes (``hotHit``), which for a valid
            // request are the canonical key: go straight to the store.
            return .callback { [self] done in
                service.storeLookup(get.dataset, get.tag, encode: Self.encoder(get, version)) { result in
                    done(timed(reply(result, version)))
                }
            }
        }
        if case .cacheMGet(let mget) = command {
            return storeParts(mget, hot: hot, version: version, timed: timed)
        }
        return .deferred { [self] in
            do {
                return timed(try await runStoreCommand(command, version: version))
            } catch {
                return timed(errorReply(error, version))
            }
        }
    }

    /// A `CACHE.GET` answered from the hot cache without parsing: the key bytes are looked up as
    /// sent, and only entries that passed validation are in the cache.
    private func hotHit(_ request: RESPRequest, version: RESPVersion) -> ByteBuffer? {
        guard request.arguments.count == 3 else { return nil }
        // Not timed: a hot hit is a hash lookup and a shared buffer, and two clock reads plus the
        // histogram's lock (shared by both event loops) would add to every one of them.
        // `cairn_cache_hits_hot_total` counts them.
        return service.hotLookup(dataset: request.arguments[1], tag: request.arguments[2])?.bytes(for: version)
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

    /// The error reply for anything a command threw: its own reply for a ``CommandError``, the
    /// code's prefix for a ``CairnError``, `ERR` otherwise.
    func errorReply(_ error: Error, _ version: RESPVersion) -> ByteBuffer {
        switch error {
        case let error as CommandError: encode(error, version)
        case let error as CairnError: encode(CommandError(error), version)
        default: encode(CommandError("\(error)"), version)
        }
    }
}
