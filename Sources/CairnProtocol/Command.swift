import CairnCore
import Foundation
import NIOCore

/// A request, parsed and checked against its ``CommandSpec``: what the server executes.
public enum Command: Sendable {
    case ping(ByteBuffer?)
    case echo(ByteBuffer)
    case quit
    case select(Int)
    case hello(version: RESPVersion?, auth: (user: String, password: String)?, name: String?)
    case auth(user: String?, password: String)
    case clientSetName(String)
    /// `CLIENT SETINFO LIB-NAME|LIB-VER value`: what client library the connection uses.
    case clientSetInfo(ClientAttribute, String)
    case clientGetName
    case clientID
    case command(CommandQuery)
    /// `INFO [section…]`: lower-cased section names; empty means the default sections.
    case info([String])
    case cacheGet(DatasetID, TagName)
    case cacheMGet([(DatasetID, TagName)])
    case cachePut(CachePutArguments)
    case cacheEvict(DatasetID, TagName)
    case cacheReserve(DatasetID, TagName, owner: String, lease: Duration)
    case cacheRelease(DatasetID, TagName, owner: String)
    /// `DATASET.*`, `ARTIFACT.*`, `TAG.ADD`.
    case catalog(CatalogCommand)
    /// `ADMIN.PURGE`: delete the artifacts a selection picks (admin role).
    case adminPurge(PurgeArguments)

    /// What `CLIENT SETINFO` sets.
    public enum ClientAttribute: String, Sendable {
        case libraryName = "LIB-NAME"
        case libraryVersion = "LIB-VER"
    }

    /// `COMMAND`, `COMMAND COUNT`, `COMMAND DOCS [name…]`, `COMMAND INFO [name…]`.
    public enum CommandQuery: Sendable, Equatable {
        case all
        case count
        case docs([String])
        case info([String])
    }

    /// The arguments of `ADMIN.PURGE`.
    public struct PurgeArguments: Sendable, Equatable {
        public var selection: PurgeSelection
        public var dryRun: Bool
        /// Artifacts per transaction; `nil`: the server's setting.
        public var batchSize: Int?
    }

    /// The arguments of `CACHE.PUT`.
    public struct CachePutArguments: Sendable {
        public var dataset: DatasetID
        public var tag: TagName
        public var ttl: Duration?
        public var metadata: [String: String]
        public var blobs: [BlobReference]
        public var fencingToken: Int64?
        public var overwrite: Bool
        public var data: [DataItem]
    }
}
