import ArgumentParser
import CairnClient

/// `cairn evict <dataset> <tag>`.
struct EvictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evict",
        abstract: "Delete the artifact a tag points at: print evicted, or absent (exit code 1) if there was none.")

    @OptionGroup var client: ClientOptions

    @Argument(help: "The dataset: project/domain/name/version.")
    var dataset: String

    @Argument(help: "The tag.")
    var tag: String

    func run() async throws {
        let dataset = try ClientArguments.dataset(dataset)
        let tag = try ClientArguments.tag(tag)
        let evicted = try await client.withClient { try await $0.evict(dataset: dataset, tag: tag) }
        if client.json {
            try ClientOutput.printJSON(["evicted": evicted])
        } else {
            print(evicted ? "evicted" : "absent")
        }
        if !evicted { throw ExitCode(1) }
    }
}
