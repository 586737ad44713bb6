import Foundation
import Testing

/// `cairn info` against `cairn serve`.
@Suite struct InfoCommandTests {
    @Test func infoPrintsTheServersSectionsAsTextAndJSON() async throws {
        try await withServe { serve in
            let socket = try #require(serve.socket)
            let all = try await runCairn(["info", "--catalog", socket])
            #expect(all.status == 0, "\(all)")
            #expect(all.stdout.hasPrefix("# Server\ncairn_version:0.1.0\n"), "\(all.stdout)")
            #expect(!all.stdout.contains("\r"))
            #expect(all.stdout.contains("\ntcp_port:\(serve.port)\nunix_socket:\(socket)\n"))
            #expect(all.stdout.contains("\n# Clients\nconnected_clients:1\n"))
            let headers = all.stdout.split(separator: "\n").filter { $0.hasPrefix("# ") }
            #expect(
                headers == ["# Server", "# Clients", "# Stats", "# Memory", "# Store", "# Persistence", "# Errorstats"])

            let stats = try json(try await runCairn(["info", "stats", "--json", "--catalog", socket]).stdout)
            #expect(stats.keys.sorted() == ["stats"])
            let fields = try #require(stats["stats"] as? [String: String])
            // CLIENT SETNAME and INFO from each of the two runs.
            #expect(fields["cache_hits"] == "0" && fields["total_commands_processed"] == "4", "\(fields)")
        }
    }
}
