import Foundation
import Testing

/// Every shell and `redis-cli` example of the README and `docs/*.md` runs, in order, against a fresh
/// server, and prints what the document shows (see ``DocumentationExample`` for the convention,
/// ``ExampleOutput`` for the masks and ``ExampleSession`` for where they run). A document that
/// drifts from the code fails here.
@Suite struct DocumentationExampleTests {
    /// README.md and every markdown file in docs/, relative to the repository.
    static let documents: [String] = {
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: ComposeFile.repositoryFile("docs").path)) ?? []
        return ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
    }()

    @Test func theDocumentsAreFound() {
        #expect(Self.documents.count > 1 && Self.documents.contains("docs/protocol.md"), "\(Self.documents)")
    }

    @Test(arguments: documents)
    func examplesRunAndPrintWhatTheDocumentShows(document: String) async throws {
        let text = try String(contentsOf: ComposeFile.repositoryFile(document), encoding: .utf8)
        let examples = try DocumentationExample.parse(text, file: document)
        let running = examples.filter { $0.notRun == nil }
        let skipped = examples.filter { $0.notRun != nil }
        print(
            "\(document): \(running.count) example block(s) run (\(running.map(\.commands.count).reduce(0, +)) "
                + "commands), \(skipped.count) not run"
                + skipped.map { "\n  \(document):\($0.line): not run: \($0.notRun ?? "")" }.joined())
        guard !running.isEmpty else { return }
        try await ExampleSession.with { session in
            var pending: [DocumentationExample] = []
            var started = false
            for example in running {
                if let arguments = example.serve {
                    if started { try await Self.run(pending, in: session) }
                    pending = []
                    try await session.serve(arguments)
                    started = true
                } else if !started {
                    try await session.serve([])
                    started = true
                }
                pending.append(example)
            }
            try await Self.run(pending, in: session)
        }
    }

    /// Runs the commands of `examples` in one shell and records an issue per command whose output
    /// is not the one shown.
    static func run(_ examples: [DocumentationExample], in session: ExampleSession) async throws {
        let commands = examples.flatMap { example in example.commands.map { (example.file, $0) } }
        let outputs = try await session.run(commands.map(\.1.text))
        for (index, (file, command)) in commands.enumerated() {
            let location = "\(file):\(command.line): $ \(command.text)"
            guard index < outputs.count else {
                Issue.record("\(location)\ndid not finish: the shell ended or was stopped before it")
                continue
            }
            if !ExampleOutput.matches(expected: command.expected, actual: outputs[index]) {
                Issue.record(
                    """
                    \(location)
                    prints something else than the document shows (- document, + printed, masked; \
                    a line … stands for any lines):
                    \(ExampleOutput.diff(expected: command.expected, actual: outputs[index]))
                    """)
            }
        }
    }

    @Test func shellBlocksRunUnlessMarkedWithAReason() throws {
        let text = """
            ```
            $ cairn ls
            proj/dev/task-a/v1
            $ echo "a \\
            b"
            a b
            ```

            <!-- not run: needs a host elsewhere -->
            ```sh
            cairn serve --database-url postgresql://db.example/cairn
            ```

            <!-- serve: --reader-password r -->
            ```
            $ true
            ```

            ```yaml
            workflow: w
            ```
            """
        let examples = try DocumentationExample.parse(text, file: "x.md")
        #expect(examples.count == 3)
        #expect(examples[0].line == 1 && examples[0].notRun == nil && examples[0].serve == nil)
        #expect(examples[0].commands.map(\.text) == ["cairn ls", "echo \"a \\\nb\""])
        #expect(examples[0].commands.map(\.line) == [2, 4])
        #expect(examples[0].commands.map(\.expected) == [["proj/dev/task-a/v1"], ["a b"]])
        #expect(examples[1].notRun == "needs a host elsewhere")
        #expect(examples[2].serve == ["--reader-password", "r"])
    }

    @Test func unmarkedShellBlocksWithoutCommandsAndMarkersWithoutReasonsAreErrors() {
        let text = """
            ```sh
            scripts/run
            ```
            <!-- not run: -->
            ```sh
            scripts/test
            ```
            <!-- not run: stray -->

            ```
            output
            $ ls
            ```
            """
        #expect {
            try DocumentationExample.parse(text, file: "x.md")
        } throws: { error in
            let problems = (error as? DocumentationExample.ParseError)?.problems ?? []
            return problems.count == 4 && problems[0].hasPrefix("x.md:1: a shell block without `$ ` commands")
                && problems[1] == "x.md:4: `<!-- not run: … -->` needs a reason"
                && problems[2].hasPrefix("x.md:8: `<!-- not run: stray -->` must be the line right before")
                && problems[3] == "x.md:11: output before the block's first `$ ` command"
        }
    }

    @Test func idsAndTimesAreMaskedAndAnElisionStandsForAnyLines() {
        let shown = [
            "execution c0bbe1a6-e5dc-4e58-b870-a2212656201c succeeded in 1.99 s",
            "  …",
            "4) (integer) 1795233672674",
            "expires 2026-11-21T14:01:12.674Z",
        ]
        let printed = [
            "execution 34fcb9f7-5ee9-4112-b339-a9639de7d024 succeeded in 0.01 s  ",
            "  count = 4",
            "nodes: 1 (1 HIT)",
            "4) (integer) 1796523602611",
            "expires 2026-12-06T03:19:37Z",
        ]
        #expect(ExampleOutput.matches(expected: shown, actual: printed))
        #expect(ExampleOutput.matches(expected: shown, actual: [printed[0]] + printed[3...]))
        #expect(!ExampleOutput.matches(expected: shown, actual: Array(printed.dropLast())))
        #expect(!ExampleOutput.matches(expected: ["4) (integer) 42"], actual: ["4) (integer) 43"]))
        #expect(ExampleOutput.diff(expected: ["a", "b"], actual: ["a", "c"]) == "  a\n- b\n+ c")
    }
}
