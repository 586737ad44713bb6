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
        CommandSpec(
            "DATASET.CREATE", arity: -2, flags: [.write], role: .writer, keys: (1, 1, 1),
            summary: "create a dataset with metadata and partition keys (idempotent)"),
        CommandSpec(
            "DATASET.GET", arity: 2, flags: [.readonly, .fast], role: .reader, keys: (1, 1, 1),
            summary: "a dataset"),
        CommandSpec(
            "DATASET.LIST", arity: -1, flags: [.readonly], role: .reader,
            summary: "datasets by project, domain and name prefix, one page at a time"),
        CommandSpec(
            "ARTIFACT.CREATE", arity: -5, flags: [.write], role: .writer, keys: (1, 1, 1),
            summary: "create an artifact with data, metadata, partitions and tags atomically"),
        CommandSpec(
            "ARTIFACT.GET", arity: -2, flags: [.readonly, .fast], role: .reader, keys: (1, -1, 1),
            summary: "an artifact by id or by tag, expired or not"),
        CommandSpec(
            "ARTIFACT.LIST", arity: -2, flags: [.readonly], role: .reader, keys: (1, 1, 1),
            summary: "a dataset's artifacts by tag, partitions and creation time, one page at a time"),
        CommandSpec(
            "ARTIFACT.UPDATE", arity: -5, flags: [.write], role: .writer, keys: (1, 1, 1),
            summary: "replace an artifact's data, blobs and metadata in place"),
        CommandSpec(
            "ARTIFACT.DELETE", arity: 2, flags: [.write, .fast], role: .writer, keys: (1, 1, 1),
            summary: "delete an artifact with its data, tags and partitions"),
        CommandSpec(
            "TAG.ADD", arity: -4, flags: [.write, .fast], role: .writer, keys: (1, 2, 1),
            summary: "point a tag at an artifact"),
        CommandSpec(
            "ADMIN.PURGE", arity: -1, flags: [.write, .admin], role: .admin,
            summary: "delete the artifacts a selection picks, in batches; DRYRUN reports what would go"),
    ]

    private static let byName: [String: CommandSpec] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The entry for an upper-case command name.
    public static func spec(_ name: String) -> CommandSpec? { byName[name] }
}
