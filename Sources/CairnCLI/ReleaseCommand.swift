import ArgumentParser
import CairnClient

/// `cairn release <dataset> <tag> <owner>`.
struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Give a lease up: print released, or 'not held' (exit code 1) if the owner did not hold it.")

    @OptionGroup var client: ClientOptions

    @Argument(help: "The dataset: project/domain/name/version.")
    var dataset: String

    @Argument(help: "The tag.")
    var tag: String

    @Argument(help: "The owner that took the lease.")
    var owner: String

    func run() async throws {
        let dataset = try ClientArguments.dataset(dataset)
        let tag = try ClientArguments.tag(tag)
        let released = try await client.withClient { try await $0.release(dataset: dataset, tag: tag, owner: owner) }
        if client.json {
            try ClientOutput.printJSON(["released": released])
        } else {
            print(released ? "released" : "not held")
        }
        if !released { throw ExitCode(1) }
    }
}
