import ArgumentParser
import CairnCLI

/// The `cairn` executable: the command tree lives in CairnCLI.
@main
struct Cairn: AsyncParsableCommand {
    static let configuration = CairnCommand.configuration
}
