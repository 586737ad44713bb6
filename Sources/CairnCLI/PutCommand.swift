import ArgumentParser
import CairnClient
import CairnCore

/// `cairn put <dataset> <tag> name=value… [--ttl s] [--meta k=v]… [--overwrite] [--fence token]`.
struct PutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Store an artifact under a tag: print its id and created, exists or updated.")

    @OptionGroup var client: ClientOptions

    @Argument(help: "The dataset: project/domain/name/version.")
    var dataset: String

    @Argument(help: "The tag.")
    var tag: String

    @Argument(help: "Data items, name=value (the value as UTF-8 text).")
    var items: [String]

    @Option(help: "Expire the artifact after this many seconds.")
    var ttl: Int?

    @Option(name: .customLong("meta"), help: "Metadata, key=value; repeatable.")
    var metadata: [String] = []

    @Flag(help: "Replace a live artifact under the tag instead of keeping it.")
    var overwrite = false

    @Option(name: .customLong("fence"), help: "The fencing token of the reservation this put completes.")
    var fencingToken: Int64?

    func validate() throws {
        if items.isEmpty { throw ValidationError("give at least one data item, name=value") }
        do {
            if let ttl { try NumericRange.ttlSeconds.check(ttl, argument: "--ttl") }
            if let fencingToken { try NumericRange.fencingToken.check(fencingToken, argument: "--fence") }
        } catch let error as CairnError {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        let dataset = try ClientArguments.dataset(dataset)
        let tag = try ClientArguments.tag(tag)
        let data = try items.map { text in
            let pair = try ClientArguments.pair(text, what: "a data item")
            do { return try DataItem.inline(pair.key, Array(pair.value.utf8)) } catch let error as CairnError {
                throw ValidationError(error.message)
            }
        }
        let metadata = try Dictionary(
            metadata.map { try ClientArguments.pair($0, what: "--meta") }, uniquingKeysWith: { _, last in last })
        let result = try await client.withClient { client in
            try await client.put(
                dataset: dataset, tag: tag, data: data, ttl: ttl.map { .seconds($0) }, metadata: metadata,
                fencingToken: fencingToken, overwrite: overwrite)
        }
        if client.json {
            try ClientOutput.printJSON(["id": result.artifactID.description, "outcome": result.outcome.rawValue])
        } else {
            print("\(result.artifactID) \(result.outcome.rawValue)")
        }
    }
}
