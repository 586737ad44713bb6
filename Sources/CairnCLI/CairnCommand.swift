import ArgumentParser

/// The `cairn` command tree. The executable only calls `CairnCommand.main()`.
public struct CairnCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cairn",
        abstract: "Cairn: a cache for workflow engines, backed by a PostgreSQL artifact catalog.",
        subcommands: [
            ServeCommand.self, GetCommand.self, PutCommand.self, ReserveCommand.self, ReleaseCommand.self,
            EvictCommand.self, ListCommand.self, InfoCommand.self, RunCommand.self, ExplainCommand.self,
            AdminCommand.self,
            BenchCommand.self,
        ]
    )

    public init() {}
}

/// `cairn admin …`: operator commands.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Operate the catalog: schema migrations, purges, blob store checks (fsck) and statistics.",
        subcommands: [MigrateCommand.self, PurgeCommand.self, FsckCommand.self, StatsCommand.self]
    )
}

/// `cairn bench …`: benchmarks against peers, run side by side.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Cairn against a peer on the same machine in one run.",
        subcommands: [StoreBenchCommand.self, GRPCBenchCommand.self]
    )
}
