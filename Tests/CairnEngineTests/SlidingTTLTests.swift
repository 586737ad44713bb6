import CairnCore
import CairnEngine
import CairnTestSupport
import Foundation
import Testing

/// `cache.ttl_after_last_hit`: the engine's puts are sliding, so a result in use stays cached.
@Suite struct SlidingTTLTests {
    static func workflow(cache: String) -> String {
        """
        workflow: sliding
        project: tests
        domain: engine
        outputs:
          y: {type: int, from: $answer.y}
        tasks:
          answer:
            outputs: {y: int}
            command: [sh, -c, 'echo "{\\"y\\": 42}" > "$CAIRN_OUTPUTS"']
            cache: \(cache)
        nodes:
          - {id: answer, task: answer}
        """
    }

    @Test func ttlAfterLastHitMakesTheEnginesPutSliding() async throws {
        try await withEngineHarness { harness in
            let file = try harness.write("sliding.yaml", Self.workflow(cache: "{ttl_after_last_hit: 2h}"))
            #expect(try await harness.run(file).statuses["answer"] == .populated)
            #expect(
                try await TestDatabase.scalar(
                    harness.databaseURL, "SELECT extract(epoch FROM sliding_ttl)::bigint FROM artifacts") == "7200")
            // Expiry counts from the write until the first recorded hit moves it.
            #expect(
                try await TestDatabase.count(
                    harness.databaseURL,
                    "SELECT count(*) FROM artifacts WHERE expires_at BETWEEN created_at + interval '119 minutes' "
                        + "AND created_at + interval '121 minutes'") == 1)
            #expect(try await harness.run(file).statuses["answer"] == .hit)
        }
    }

    @Test func aPlainTTLStaysCountedFromTheWrite() async throws {
        try await withEngineHarness { harness in
            let file = try harness.write("fixed.yaml", Self.workflow(cache: "{ttl: 2h}"))
            #expect(try await harness.run(file).statuses["answer"] == .populated)
            #expect(
                try await TestDatabase.count(
                    harness.databaseURL,
                    "SELECT count(*) FROM artifacts WHERE sliding_ttl IS NULL AND expires_at IS NOT NULL") == 1)
        }
    }

    @Test func ttlAfterLastHitIsCompiledAndCheckedLikeTTL() throws {
        let compiled = try WorkflowCompiler.compile(
            yaml: Self.workflow(cache: "{ttl_after_last_hit: 7d}"), file: "w.yaml")
        let settings = try #require(compiled.tasks["answer"]).settings.cache
        #expect(settings.ttl == .seconds(7 * 86_400))
        #expect(settings.ttlCountsFromLastHit)
        #expect(
            compileErrors(Self.workflow(cache: "{ttl_after_last_hit: 0s}")) == [
                "w.yaml:10: task answer: cache.ttl_after_last_hit: must be at least 1s and at most 3153600000s (100 years)"
            ])
        #expect(
            compileErrors(Self.workflow(cache: "{ttl: 1h, ttl_after_last_hit: 1h}")) == [
                "w.yaml:10: task answer: cache.ttl_after_last_hit: cannot be combined with cache.ttl (give one: "
                    + "from the write, or from the last hit)"
            ])
    }
}
