/// Every command the server knows: the one table that drives parsing, `COMMAND` replies and
/// authorisation.
public enum CommandTable {
    /// Every command's definition, in the order `COMMAND` lists them.
    public static let definitions: [any CommandDefinition.Type] = [
        Ping.self, Echo.self, Quit.self, Select.self, Hello.self, Auth.self, ClientCommand.self, CommandQuery.self,
        Info.self, CacheGet.self, CacheMGet.self, CachePut.self, CacheEvict.self, CacheReserve.self,
        CacheRelease.self, CacheExplain.self, DatasetCreate.self, DatasetGet.self, DatasetList.self,
        ArtifactCreate.self,
        ArtifactGet.self, ArtifactList.self, ArtifactUpdate.self, ArtifactDelete.self, TagAdd.self, AdminPurge.self,
    ]

    /// Every command's table entry.
    public static let all: [CommandSpec] = definitions.map { $0.spec }

    private static let byName: [String: CommandSpec] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The entry for an upper-case command name.
    public static func spec(_ name: String) -> CommandSpec? { byName[name] }
}
