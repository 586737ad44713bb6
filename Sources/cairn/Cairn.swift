import ArgumentParser
import CairnCLI

/// The `cairn` executable: the command tree lives in CairnCLI.
@main
struct Cairn: AsyncParsableCommand {
    static let configuration = CairnCommand.configuration

    /// CairnCommand's: a subcommand's usage error shows that subcommand's usage.
    static func main() async { await CairnCommand.main() }
}
