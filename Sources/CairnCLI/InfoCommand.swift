import ArgumentParser
import CairnClient

/// `cairn info [section]`.
struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Print the server's INFO: every section, or one.")

    @OptionGroup var client: ClientOptions

    @Argument(help: "A section, e.g. server, clients, stats.")
    var section: String?

    func run() async throws {
        let text = try await client.withClient { try await $0.info(section: section) }
        if client.json {
            try ClientOutput.printJSON(ServerInfo.parse(text))
        } else {
            print(text.replacingOccurrences(of: "\r\n", with: "\n"), terminator: text.hasSuffix("\n") ? "" : "\n")
        }
    }
}
