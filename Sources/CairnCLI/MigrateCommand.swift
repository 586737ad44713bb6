import ArgumentParser
import CairnStore
import Logging

/// `cairn admin migrate`: applies the schema migrations the database is missing.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply missing schema migrations (idempotent; each in its own transaction)."
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Only report the schema version; change nothing.")
    var status = false

    func run() async throws {
        let logger = LogSetup.bootstrap(level: database.resolvedLogLevel)
        let session = try await database.open(logger: logger)
        do {
            try await migrate(session, logger: logger)
        } catch {
            await session.close()
            throw error
        }
        await session.close()
    }

    private func migrate(_ session: DatabaseSession, logger: Logger) async throws {
        let url = session.url
        if status {
            let version = try await Blocking.run { try Migrator.currentVersion(databaseURL: url) }
            let state =
                version == Migrator.latestVersion ? "up to date" : "behind: \(Migrator.latestVersion) is available"
            print("schema version \(version) (\(state)) on \(session.description)")
            return
        }
        let report = try await Blocking.run { try Migrator.migrate(databaseURL: url, logger: logger) }
        if report.applied.isEmpty {
            print("schema version \(report.to): up to date, nothing applied")
        } else {
            print(
                "schema version \(report.from) -> \(report.to): applied \(report.applied.map(String.init).joined(separator: ", "))"
            )
        }
    }
}
