import ArgumentParser
import CairnClient

/// `cairn get <dataset> <tag>`: a cache lookup.
struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract:
            "Look a tag up in the cache: print the artifact's id and items, or 'miss' (with --json: null; exit code 1)."
    )

    @OptionGroup var client: ClientOptions

    @Argument(help: "The dataset: project/domain/name/version.")
    var dataset: String

    @Argument(help: "The tag (usually a hash of the task's inputs).")
    var tag: String

    func run() async throws {
        let dataset = try ClientArguments.dataset(dataset)
        let tag = try ClientArguments.tag(tag)
        guard let artifact = try await client.withClient({ try await $0.get(dataset: dataset, tag: tag) }) else {
            // With --json, standard output says it too: a script reading it gets one JSON value either way.
            if client.json { print("null") }
            ClientOutput.printError("miss")
            throw ExitCode(1)
        }
        if client.json {
            try ClientOutput.printJSON(ClientOutput.json(artifact))
            return
        }
        print(artifact.id)
        for item in artifact.items { print("\(item.name) = \(ClientOutput.text(item.value))") }
        for key in artifact.metadata.keys.sorted() { print("meta \(key) = \(artifact.metadata[key]!)") }
        if let expires = artifact.expiresAt { print("expires \(ClientOutput.text(expires))") }
    }
}
