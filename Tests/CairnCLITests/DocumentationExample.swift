import Foundation

/// A fenced block of a markdown document that shows shell commands, with what each prints.
///
/// The convention: in a fenced block, a line starting with `$ ` is a command (a trailing `\`
/// continues it on the next line) and the lines after it, up to the next command, are its output.
/// A block is a shell example when its info string is `sh`, `shell`, `bash` or `console`, or when it
/// has a `$ ` line. Every shell example runs, unless the line right before its fence says
/// `<!-- not run: <reason> -->`; `<!-- serve: <arguments> -->` there restarts the document's server
/// with those `cairn serve` arguments (same database) before the block and for the rest of the
/// document.
struct DocumentationExample: Sendable {
    /// One `$ ` command and the output the document shows for it.
    struct Command: Sendable {
        /// The 1-based line of the `$ ` in the document.
        var line: Int
        /// The command without `$ `; continuation lines joined with newlines.
        var text: String
        /// The lines the document shows after it; a line `…` stands for any lines.
        var expected: [String]
    }

    /// The document's path, relative to the repository.
    var file: String
    /// The 1-based line of the opening fence.
    var line: Int
    /// Why the block is not run, from its `<!-- not run: … -->` marker; nil for a block that runs.
    var notRun: String?
    /// The `cairn serve` arguments of a `<!-- serve: … -->` marker, if the block has one.
    var serve: [String]?
    var commands: [Command]

    /// The information strings that make a fenced block a shell example.
    static let shellLanguages: Set<String> = ["sh", "shell", "bash", "console"]
    static let notRunMarker = "<!-- not run:"
    static let serveMarker = "<!-- serve:"

    /// Every problem that makes a document's examples unusable, each with its file and line.
    struct ParseError: Error, CustomStringConvertible {
        var problems: [String]
        var description: String { problems.joined(separator: "\n") }
    }

    /// The shell examples of a markdown document, in order, marked ones included.
    /// - Throws: ``ParseError`` listing every unmarked shell block without commands, marker without
    ///   a reason or not right before a shell block, and unclosed fence.
    static func parse(_ text: String, file: String) throws -> [DocumentationExample] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var examples: [DocumentationExample] = []
        var problems: [String] = []
        var marker: (line: Int, text: String)?
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix(notRunMarker) || line.hasPrefix(serveMarker) {
                if index + 1 >= lines.count || !lines[index + 1].hasPrefix("```") {
                    problems.append("\(file):\(index + 1): `\(line)` must be the line right before a fenced block")
                } else {
                    marker = (index + 1, line)
                }
                index += 1
                continue
            }
            guard line.hasPrefix("```") else {
                index += 1
                continue
            }
            let start = index + 1
            let language = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
            var body: [String] = []
            index += 1
            while index < lines.count && !lines[index].hasPrefix("```") {
                body.append(lines[index])
                index += 1
            }
            if index == lines.count { problems.append("\(file):\(start): the fenced block is never closed") }
            index += 1
            let blockMarker = marker
            marker = nil
            guard shellLanguages.contains(language) || body.contains(where: { $0.hasPrefix("$ ") }) else {
                if let blockMarker {
                    problems.append("\(file):\(blockMarker.line): `\(blockMarker.text)` is on a block without commands")
                }
                continue
            }
            var example = DocumentationExample(file: file, line: start, commands: commands(body, from: start + 1))
            if let blockMarker {
                let value = markerValue(blockMarker.text)
                if blockMarker.text.hasPrefix(notRunMarker) {
                    if value.isEmpty {
                        problems.append("\(file):\(blockMarker.line): `<!-- not run: … -->` needs a reason")
                    }
                    example.notRun = value
                } else {
                    example.serve = value.split(separator: " ").map(String.init)
                }
            }
            if example.notRun == nil {
                if example.commands.isEmpty {
                    problems.append(
                        "\(file):\(start): a shell block without `$ ` commands: write each command as a `$ ` "
                            + "line followed by its output, or put `<!-- not run: <reason> -->` right before it")
                } else if let first = body.first, !first.hasPrefix("$ ") {
                    problems.append("\(file):\(start + 1): output before the block's first `$ ` command")
                }
            }
            examples.append(example)
        }
        guard problems.isEmpty else { throw ParseError(problems: problems) }
        return examples
    }

    /// The `$ ` commands of a block's lines, the first at line `first` of the document.
    private static func commands(_ body: [String], from first: Int) -> [Command] {
        var commands: [Command] = []
        var index = 0
        while index < body.count {
            guard body[index].hasPrefix("$ ") else {
                if !commands.isEmpty { commands[commands.count - 1].expected.append(body[index]) }
                index += 1
                continue
            }
            var command = Command(line: first + index, text: String(body[index].dropFirst(2)), expected: [])
            while command.text.hasSuffix("\\") && index + 1 < body.count {
                index += 1
                command.text += "\n" + body[index]
            }
            commands.append(command)
            index += 1
        }
        for index in commands.indices {
            while commands[index].expected.last?.trimmingCharacters(in: .whitespaces).isEmpty == true {
                commands[index].expected.removeLast()
            }
        }
        return commands
    }

    /// What a `<!-- name: value -->` marker says after its colon.
    private static func markerValue(_ line: String) -> String {
        let afterColon = line.drop { $0 != ":" }.dropFirst()
        let value = afterColon.hasSuffix("-->") ? afterColon.dropLast(3) : afterColon
        return value.trimmingCharacters(in: .whitespaces)
    }
}
