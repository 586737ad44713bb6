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
    case cacheGet(CacheGet)
    case cacheMGet(CacheMGet)
    case cachePut(CachePut)
    case cacheEvict(CacheEvict)
    case cacheReserve(CacheReserve)
    case cacheRelease(CacheRelease)
    /// `DATASET.*`, `ARTIFACT.*`, `TAG.ADD`.
    case catalog(CatalogCommand)
    /// `ADMIN.PURGE`: delete the artifacts a selection picks (admin role).
    case adminPurge(AdminPurge)

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

}
