import ArgumentParser
import Foundation

extension CairnCommand {
    /// Parses the arguments and runs the command they name, as `AsyncParsableCommand.main()` does,
    /// except for a `ValidationError` that a subcommand's `run()` throws (an argument checked once it
    /// runs): ArgumentParser would print the top-level usage with it, this prints the subcommand's.
    public static func main(_ arguments: [String]? = nil) async {
        var command: any ParsableCommand
        do {
            command = try await asyncParseAsRoot(arguments)
        } catch {
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ValidationError {
            let subcommand = type(of: command)
            guard let path = path(to: subcommand) else { exit(withError: error) }
            let usage = usageString(for: subcommand)
            FileHandle.standardError.write(
                Data(
                    """
                    Error: \(error.message)
                    Usage: \(usage)
                      See '\(path.joined(separator: " ")) --help' for more information.

                    """.utf8))
            exit(withError: ExitCode.validationFailure)
        } catch {
            exit(withError: error)
        }
    }

    /// The command names from the root to `command` (`["cairn", "admin", "purge"]`), or `nil` when
    /// it is not in the tree.
    static func path(
        to command: any ParsableCommand.Type, from root: any ParsableCommand.Type = CairnCommand.self
    ) -> [String]? {
        let name = root.configuration.commandName ?? String(describing: root).lowercased()
        if ObjectIdentifier(root) == ObjectIdentifier(command) { return [name] }
        for subcommand in root.configuration.subcommands {
            if let rest = path(to: command, from: subcommand) { return [name] + rest }
        }
        return nil
    }
}
