import ArgumentParser
import CairnBlobs
import CairnClient
import CairnCore
import CairnMaintenance
import CairnStore
import Foundation
import Logging

/// `cairn admin purge`: deletes artifacts by selectors (all must hold), in batches, then the blob
/// objects nothing references any more. Directly on the database, or through a server with
/// `--catalog` (`ADMIN.PURGE`, admin role).
struct PurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete the artifacts the selectors pick (all must hold); --dry-run reports what would go.",
        discussion: """
            Times are RFC 3339 timestamps or durations before now (7d, 12h, 30m). With --max-total-size \
            the least recently hit artifacts of the selected scope go until it fits the budget. Without \
            --catalog the purge runs on the database (--database-url, or the embedded PostgreSQL in \
            --data-dir) and deletes unreferenced blob objects from --blob-dir; with --catalog it runs \
            in that server as ADMIN.PURGE (CAIRN_CATALOG alone does not switch it).
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var maintenance: MaintenanceOptions
    @OptionGroup var client: ClientOptions

    @Option(help: "One dataset: project/domain/name/version.") var dataset: String?
    @Option(help: "Datasets of this project.") var project: String?
    @Option(help: "Datasets of this domain.") var domain: String?
    @Option(name: .customLong("name-prefix"), help: "Datasets whose name starts with this.") var namePrefix: String?
    @Option(help: "Artifacts this tag points at.") var tag: String?
    @Option(help: "This artifact (repeat for more).") var artifact: [String] = []
    @Option(name: .customLong("created-before"), help: "Created before this time.") var createdBefore: String?
    @Option(name: .customLong("not-hit-since"), help: "Not hit since this time (never hit: since creation).")
    var notHitSince: String?
    @Flag(help: "Expired artifacts.") var expired = false
    @Option(name: .customLong("max-total-size"), help: "Evict least recently hit until the scope fits (512MiB, 10GB).")
    var maxTotalSize: String?
    @Flag(help: "Allow a purge without any selector: everything.") var all = false
    @Flag(name: .customLong("dry-run"), help: "Report what would go; change nothing.") var dryRun = false
    @Option(help: "With --catalog: seconds to wait for the server's reply (default 3600).") var timeout = 3600

    func run() async throws {
        let selection = try self.selection()
        let summary: PurgeSummary
        if client.catalog != nil {
            summary = try await overProtocol(selection)
        } else {
            summary = try await onDatabase(selection)
        }
        print(summary: summary)
    }

    func selection() throws -> PurgeSelection {
        var selection = PurgeSelection()
        do {
            selection.dataset = try dataset.map(DatasetID.init(parsing:))
            selection.project = project
            selection.domain = domain
            selection.namePrefix = namePrefix
            selection.tag = try tag.map(TagName.init)
            selection.artifacts = try artifact.map(ArtifactID.init(parsing:))
            selection.createdBefore = try createdBefore.map { try .parse($0, field: "--created-before") }
            selection.notHitSince = try notHitSince.map { try .parse($0, field: "--not-hit-since") }
            selection.expired = expired
            if let text = maxTotalSize {
                guard let bytes = ByteSize.parse(text) else {
                    throw ValidationError("--max-total-size is not a size like 1048576, 512MiB or 10GB: \(text)")
                }
                selection.maxTotalSize = Int64(bytes)
            }
            selection.all = all
            try selection.validate()
        } catch let error as CairnError {
            throw ValidationError(error.message)
        }
        return selection
    }

    private func overProtocol(_ selection: PurgeSelection) async throws -> PurgeSummary {
        var configuration = try client.configuration()
        configuration.requestTimeout = .seconds(timeout)
        let batch = try maintenance.resolvedBatchSize()
        return try await client.withClient(configuration) {
            try await $0.purge(selection, dryRun: dryRun, batchSize: batch)
        }
    }

    private func onDatabase(_ selection: PurgeSelection) async throws -> PurgeSummary {
        let logger = LogSetup.bootstrap(level: database.resolvedLogLevel)
        let dataDirectory = database.resolvedDataDirectory
        return try await maintenance.blobs.withStore(dataDirectory: dataDirectory) { blobs in
            try await purge(selection, blobs: blobs, logger: logger)
        }
    }

    private func purge(_ selection: PurgeSelection, blobs: any BlobStore, logger: Logger) async throws -> PurgeSummary {
        let purger = Purger(
            configuration: try maintenance.purgeConfiguration(),
            collector: BlobCollector(store: blobs, configuration: try maintenance.collectorConfiguration()))
        let session = try await database.open(logger: logger)
        let line = client.json ? nil : ProgressLine.standardError()
        let (url, dryRun) = (session.url, self.dryRun)
        do {
            let summary = try await Blocking.run {
                let connection = try MaintenanceConnection(databaseURL: url)
                return try purger.run(
                    selection, dryRun: dryRun, on: connection,
                    progress: { progress in
                        guard !dryRun else { return }
                        line?.update(
                            "\(ProgressLine.bar(progress.deleted, of: progress.selected)) "
                                + "\(progress.deleted)/\(progress.selected) artifacts, \(progress.batches) batches")
                    })
            }
            line?.finish()
            await session.close()
            return summary
        } catch {
            line?.finish()
            await session.close()
            ClientOutput.printError("Error: \(error) (batches committed before it stay deleted; run it again to go on)")
            throw ExitCode(2)
        }
    }

    private func print(summary: PurgeSummary) {
        if client.json {
            var object: [String: Any] = ["dry_run": summary.dryRun, "seconds": summary.seconds]
            for (name, value) in summary.counts { object[name] = value }
            try? ClientOutput.printJSON(object)
            return
        }
        let verb = summary.dryRun ? "would delete" : "deleted"
        Swift.print(
            "\(verb) \(summary.artifacts) artifacts (\(summary.inlineBytes) bytes inline), "
                + "\(summary.blobObjects) blob objects (\(summary.blobBytes) bytes)")
        if !summary.dryRun {
            Swift.print(
                "\(summary.batches) batches in \(String(format: "%.2f", summary.seconds)) s; blob objects deleted: "
                    + "\(summary.blobsDeleted), left queued for later: \(summary.blobsDeferred)")
        }
    }
}
