/// Every command the server knows: the one table that drives parsing, `COMMAND` replies and
/// authorisation.
public enum CommandTable {
    public static let all: [CommandSpec] = [
        CommandSpec("PING", arity: -1, flags: [.fast, .noauth], role: .anyone, summary: "PONG, or the argument"),
        CommandSpec("ECHO", arity: 2, flags: [.fast], role: .reader, summary: "the argument"),
        CommandSpec("QUIT", arity: 1, flags: [.fast, .noauth], role: .anyone, summary: "close the connection"),
        CommandSpec("SELECT", arity: 2, flags: [.fast], role: .reader, summary: "accepts database 0 only"),
        CommandSpec(
            "HELLO", arity: -1, flags: [.fast, .noauth], role: .anyone,
            summary: "switch protocol (2 or 3), optionally AUTH and SETNAME"),
        CommandSpec("AUTH", arity: -2, flags: [.fast, .noauth], role: .anyone, summary: "authenticate"),
        CommandSpec("CLIENT", arity: -2, flags: [], role: .reader, summary: "SETNAME, GETNAME, ID, SETINFO"),
        CommandSpec("COMMAND", arity: -1, flags: [], role: .reader, summary: "the command table"),
        CommandSpec(
            "INFO", arity: -1, flags: [], role: .reader,
            summary: "server, clients, stats, memory (hot cache), store and persistence sections"),
        CacheGet.spec, CacheMGet.spec, CachePut.spec, CacheEvict.spec, CacheReserve.spec, CacheRelease.spec,
        DatasetCreate.spec, DatasetGet.spec, DatasetList.spec, ArtifactCreate.spec, ArtifactGet.spec,
        ArtifactList.spec, ArtifactUpdate.spec, ArtifactDelete.spec, TagAdd.spec, AdminPurge.spec,
    ]

    private static let byName: [String: CommandSpec] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The entry for an upper-case command name.
    public static func spec(_ name: String) -> CommandSpec? { byName[name] }
}
