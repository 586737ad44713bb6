import CairnCore
import Foundation
import NIOCore

/// A request, parsed and checked against its ``CommandSpec``: what the server executes.
public enum Command: Sendable {
    case ping(Ping)
    case echo(Echo)
    case quit(Quit)
    case select(Select)
    case hello(Hello)
    case auth(Auth)
    case client(ClientCommand)
    case command(CommandQuery)
    case info(Info)
    case cacheGet(CacheGet)
    case cacheMGet(CacheMGet)
    case cachePut(CachePut)
    case cacheEvict(CacheEvict)
    case cacheReserve(CacheReserve)
    case cacheRelease(CacheRelease)
    case cacheExplain(CacheExplain)
    /// `DATASET.*`, `ARTIFACT.*`, `TAG.ADD`.
    case catalog(CatalogCommand)
    /// `ADMIN.PURGE`: delete the artifacts a selection picks (admin role).
    case adminPurge(AdminPurge)
}
