import ArgumentParser
import CairnCore
import CairnStore
import Logging

extension DatabaseOptions {
    /// Opens the database (starting the embedded cluster if needed), checks that its schema is this
    /// build's, and runs `work` with a maintenance connection on a thread of its own. An error is
    /// printed and exits with status 2, so that status 1 can tell scripts "found something".
    func withMaintenanceConnection<T: Sendable>(
        logger: Logger, _ work: @escaping @Sendable (MaintenanceConnection, DatabaseSession) throws -> T
    ) async throws -> T {
        let session: DatabaseSession
        do { session = try await open(logger: logger) } catch { try Self.fail(error) }
        let result: T
        do {
            result = try await Blocking.run {
                let version = try Migrator.currentVersion(databaseURL: session.url)
                guard version == Migrator.latestVersion else {
                    throw CairnError(
                        .schemaMismatch,
                        "the database has schema version \(version), this build needs \(Migrator.latestVersion): "
                            + "run cairn admin migrate")
                }
                return try work(try MaintenanceConnection(databaseURL: session.url), session)
            }
        } catch {
            await session.close()
            try Self.fail(error)
        }
        await session.close()
        return result
    }

    private static func fail(_ error: any Error) throws -> Never {
        ClientOutput.printError("Error: \(error)")
        throw ExitCode(2)
    }
}
