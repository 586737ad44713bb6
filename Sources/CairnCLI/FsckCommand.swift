import ArgumentParser
import CairnBlobs
import CairnCore
import CairnMaintenance
import Foundation
import Logging

/// `cairn admin fsck` (alias `verify`): drift between the catalog and the local blob store.
struct FsckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fsck",
        abstract: "Find drift between the catalog and the local blob store; --repair removes it.",
        discussion: """
            Reports blob objects no artifact references and temporary files of crashed writes, both \
            older than --grace, and referenced objects that are missing or whose content does not \
            match the reference (size, sha256). --repair deletes those files, demotes every artifact \
            referencing a missing or corrupt object (deleted: the next lookup misses, servers drop it \
            from their hot caches) and runs the blob collector. Without --repair nothing changes.

            Exit status: 0 when nothing was found or everything found was repaired, 1 when drift \
            remains, 2 for an error, 64 for malformed arguments.
            """,
        aliases: ["verify"]
    )

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var blobStore: BlobStoreOptions

    @Option(help: "Leave unreferenced objects and temporary files younger than this alone (90s, 1h, 2d).")
    var grace = "15m"

    @Flag(help: "Check only that referenced objects exist; do not read their content.")
    var quick = false

    @Flag(help: "Delete orphans and stale temporary files, demote artifacts with broken blobs, collect.")
    var repair = false

    @Flag(help: "Print one JSON document (findings, actions, summary) instead of lines.")
    var json = false

    func validate() throws {
        guard DurationText.duration(grace) != nil else {
            throw ValidationError("--grace \(grace): expected a duration such as 15m, 1h or 90s")
        }
    }

    func run() async throws {
        let logger = LogSetup.bootstrap(level: database.resolvedLogLevel)
        if case .directory(let root) = try blobStore.location(dataDirectory: database.resolvedDataDirectory) {
            var isDirectory: ObjCBool = false
            // Opening a store creates its directory, and a dry run changes nothing: a mistyped path is an error.
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
                ClientOutput.printError(
                    "Error: no blob store at \(root) (give --blob-store, --blob-dir, CAIRN_BLOB_DIR or --data-dir)")
                throw ExitCode(2)
            }
        }
        let summary = try await blobStore.withStore(dataDirectory: database.resolvedDataDirectory) { store in
            try await check(store, logger: logger)
        }
        if summary.unrepaired > 0 { throw ExitCode(1) }
    }

    private func check(_ store: any BlobStore, logger: Logger) async throws -> Fsck.Summary {
        var configuration = Fsck.Configuration()
        configuration.grace = DurationText.duration(grace) ?? configuration.grace
        configuration.quick = quick
        configuration.repair = repair
        let fsck = Fsck(store: store, configuration: configuration)
        let root = BlobOptions.place(store)
        let summary: Fsck.Summary
        if json {
            let report = try await database.withMaintenanceConnection(logger: logger) { connection, _ in
                try fsck.run(on: connection)
            }
            try ClientOutput.printJSON(FsckOutput.json(report, root: root))
            summary = report.summary
        } else {
            let progress = ProgressLine.standardError()
            summary = try await database.withMaintenanceConnection(logger: logger) { connection, _ in
                try fsck.run(on: connection) { event in FsckOutput.print(event, progress: progress) }
            }
            progress?.clear()
            for line in FsckOutput.lines(summary, root: root) { print(line) }
        }
        return summary
    }
}
