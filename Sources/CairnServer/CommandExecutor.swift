import CairnCore
import CairnProtocol
import CairnStore
import Foundation
import NIOCore

/// Runs parsed commands against the store and shapes their replies.
struct CommandExecutor: Sendable {
    let store: CairnStore

    func execute(_ request: RESPRequest, session: inout Session) async -> RESPValue {
        do {
            return try await run(try Command.parse(request), session: &session)
        } catch let error as CommandError {
            return error.reply
        } catch let error as CairnError {
            return CommandError(error).reply
        } catch {
            return .error("ERR \(error)")
        }
    }

    private func run(_ command: Command, session: inout Session) async throws -> RESPValue {
        switch command {
        case .ping(let message): return message.map(RESPValue.bulkString) ?? .simpleString("PONG")
        case .echo(let message): return .bulkString(message)
        case .quit:
            session.closing = true
            return .simpleString("OK")
        case .select(let index):
            return index == 0 ? .simpleString("OK") : .error("ERR DB index is out of range (Cairn has only database 0)")
        case .hello(let version, let auth, let name):
            if auth != nil { return .error("ERR AUTH called without any password configured") }
            if let version { session.version = version }
            if let name { session.name = name }
            return helloReply(session)
        case .auth:
            return .error("ERR AUTH called without any password configured for the default user")
        case .clientSetName(let name):
            session.name = name
            return .simpleString("OK")
        case .clientGetName: return session.name.map(RESPValue.bulk) ?? .null
        case .clientID: return .integer(session.id)
        case .command(let query): return CommandReplies.reply(query)
        case .cacheGet(let dataset, let tag):
            return try await store.get(dataset, tag).map(ArtifactReply.cacheHit) ?? .null
        case .cacheMGet(let pairs):
            return try await .array(
                withThrowingTaskGroup(of: (Int, RESPValue).self) { group in
                    for (index, pair) in pairs.enumerated() {
                        group.addTask {
                            (index, try await store.get(pair.0, pair.1).map(ArtifactReply.cacheHit) ?? .null)
                        }
                    }
                    var replies = [RESPValue](repeating: .null, count: pairs.count)
                    for try await (index, reply) in group { replies[index] = reply }
                    return replies
                })
        case .cachePut(let put):
            let result = try await store.put(
                put.dataset, put.tag, data: put.data, ttl: put.ttl, metadata: put.metadata, blobs: put.blobs,
                fencingToken: put.fencingToken, overwrite: put.overwrite)
            return .array([.bulk(result.artifactID.description), .bulk(result.outcome.rawValue)])
        case .cacheEvict(let dataset, let tag):
            return .integer(try await store.evict(dataset, tag) ? 1 : 0)
        case .cacheReserve(let dataset, let tag, let owner, let lease):
            return ArtifactReply.reservation(try await store.reserve(dataset, tag, owner: owner, lease: lease))
        case .cacheRelease(let dataset, let tag, let owner):
            return .integer(try await store.release(dataset, tag, owner: owner) ? 1 : 0)
        case .catalog(let catalog): return try await runCatalog(catalog)
        }
    }

    private func helloReply(_ session: Session) -> RESPValue {
        .map([
            (key: .bulk("server"), value: .bulk("cairn")),
            (key: .bulk("version"), value: .bulk("0.1.0")),
            (key: .bulk("proto"), value: .integer(Int64(session.version.rawValue))),
            (key: .bulk("id"), value: .integer(session.id)),
            (key: .bulk("mode"), value: .bulk("standalone")),
            (key: .bulk("role"), value: .bulk("master")),
            (key: .bulk("modules"), value: .array([])),
        ])
    }
}
