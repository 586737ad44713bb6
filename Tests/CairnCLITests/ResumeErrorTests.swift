import CairnTestSupport
import Foundation
import Testing

/// `cairn run --resume` errors name the execution as every other output does: its id in lower case,
/// however it was typed.
@Suite struct ResumeErrorTests {
    @Test func resumeErrorsShowTheIdInLowerCase() async throws {
        try await withScratchDirectory("cairn-resume-errors-") { directory in
            try await TestDatabase.withEmptyDatabase { url in
                let file = directory + "/one.yaml"
                try """
                workflow: one
                project: tests
                domain: cli
                tasks:
                  step:
                    command: [sh, -c, 'echo "{}" > "$CAIRN_OUTPUTS"']
                nodes:
                  - {id: step, task: step}
                """.write(toFile: file, atomically: true, encoding: .utf8)
                let common = [
                    "--database-url", url, "--run-dir", directory + "/runs", "--raw-data", directory + "/raw",
                    "--blob-dir", directory + "/blobs",
                ]
                let run = try await runCairn(["run", file, "--json"] + common)
                #expect(run.status == 0, "\(run)")
                let id = try #require(try json(run.stdout)["execution_id"] as? String)

                let again = try await runCairn(["run", "--resume", id.uppercased()] + common)
                #expect(again.status == 2, "\(again)")
                #expect(again.stderr.contains("execution \(id) succeeded already"), "\(again.stderr)")

                let unknown = UUID().uuidString
                let missing = try await runCairn(["run", "--resume", unknown] + common)
                #expect(missing.status == 2, "\(missing)")
                #expect(
                    missing.stderr.contains("execution \(unknown.lowercased()) does not exist"), "\(missing.stderr)")
                #expect(!missing.stderr.contains(unknown), "\(missing.stderr)")
            }
        }
    }
}
