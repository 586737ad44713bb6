import Foundation
import Testing

@Suite struct DockerfileTests {
    /// The Dockerfile's instructions, continuation lines joined and comments dropped.
    static func instructions() throws -> [String] {
        let text = try String(contentsOf: ComposeFile.repositoryFile("Dockerfile"), encoding: .utf8)
        var instructions: [String] = []
        var current = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") { continue }
            if trimmed.hasSuffix("\\") {
                current += trimmed.dropLast() + " "
            } else {
                current += trimmed
                if !current.trimmingCharacters(in: .whitespaces).isEmpty { instructions.append(current) }
                current = ""
            }
        }
        return instructions
    }

    @Test func dockerfileBuildsTheCairnProductInRelease() throws {
        let builds = try Self.instructions().filter { $0.hasPrefix("RUN") && $0.contains("swift build") }
        #expect(builds.contains { $0.contains("--product cairn") && $0.contains("-c release") }, "\(builds)")
    }

    @Test func runtimeStageStartsCairnServeAsANonRootUser() throws {
        let instructions = try Self.instructions()
        let lastStage = try #require(instructions.lastIndex { $0.hasPrefix("FROM") })
        let runtime = instructions[lastStage...]
        #expect(runtime.contains("ENTRYPOINT [\"cairn\"]"))
        #expect(runtime.contains("CMD [\"serve\"]"))
        let user = try #require(runtime.last { $0.hasPrefix("USER") }, "the runtime stage sets no USER")
        #expect(!user.contains("root") && user != "USER 0" && !user.hasPrefix("USER 0:"), "\(user)")
    }

    @Test func buildContextLeavesOutBuildProductsAndLocalData() throws {
        let text = try String(contentsOf: ComposeFile.repositoryFile(".dockerignore"), encoding: .utf8)
        let patterns = Set(text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        for required in [".build", ".cairn", ".git"] {
            #expect(patterns.contains(required), "\(required) is not ignored")
        }
    }
}
