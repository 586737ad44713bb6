import ArgumentParser
import CairnStore

/// `cairn admin stats`: what the catalog holds, per dataset and in total.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Artifacts, bytes, hits, age and expired artifacts per dataset, with totals.",
        discussion: """
            Inline bytes are stored in the catalog; blob bytes are the sizes of the blobs each artifact \
            references (an object shared by two artifacts counts twice). Hits are the recorded cache \
            hits; expired artifacts are past their expiry and not purged yet. The blob deletion queue \
            is the whole catalog's, whatever the filters.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Only datasets of this project.")
    var project: String?

    @Option(help: "Only datasets of this domain.")
    var domain: String?

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func run() async throws {
        let logger = LogSetup.bootstrap(level: database.resolvedLogLevel)
        let (project, domain) = (self.project, self.domain)
        let stats = try await database.withMaintenanceConnection(logger: logger) { connection, _ in
            try connection.catalogStats(project: project, domain: domain)
        }
        if json {
            try ClientOutput.printJSON(StatsOutput.json(stats))
        } else {
            for line in StatsOutput.table(stats) { print(line) }
        }
    }
}
