import CairnBlobs
import CairnCore
import CairnEngine
import CairnTestSupport
import Foundation
import Testing

/// A cached result whose blob is gone or damaged is discarded and recomputed, not taken: against
/// a server with the hot cache on (whose hot hits skip its blob check), on a run, on a resume, and
/// for a dynamic node's cached future.
@Suite struct BlobRecoveryTests {
    /// `produce` writes a string of `n` x's (offloaded at 64 bytes) and records each run in `trace`;
    /// `measure` (not cached) reads it back and fails while the file `broken` exists.
    static func workflow(_ harness: EngineHarness) throws -> String {
        let directory = harness.directory
        try harness.write(
            "produce.py",
            """
            import json, os
            n = json.load(open(os.environ['CAIRN_INPUTS']))['n']
            open('\(directory)/trace', 'a').write('produce\\n')
            json.dump({'text': 'x' * n}, open(os.environ['CAIRN_OUTPUTS'], 'w'))
            """)
        try harness.write(
            "measure.py",
            """
            import json, os, sys
            if os.path.exists('\(directory)/broken'): sys.exit(3)
            text = json.load(open(os.environ['CAIRN_INPUTS']))['text']
            json.dump({'length': len(text)}, open(os.environ['CAIRN_OUTPUTS'], 'w'))
            """)
        return """
            workflow: blobs
            project: tests
            domain: engine
            inputs:
              n: {type: int, default: 300}
            outputs:
              length: {type: int, from: $measure.length}
            tasks:
              produce:
                inputs: {n: int}
                outputs: {text: string}
                command: [python3, \(directory)/produce.py]
                cache: {enabled: true, version: "1"}
              measure:
                inputs: {text: string}
                outputs: {length: int}
                command: [python3, \(directory)/measure.py]
                cache: {enabled: false}
            nodes:
              - {id: produce, task: produce, inputs: {n: $inputs.n}}
              - {id: measure, task: measure, inputs: {text: $produce.text}}
            """
    }

    static func run(_ harness: EngineHarness, _ file: String) async throws -> ExecutionReport {
        try await harness.run(file) { $0.offloadMin = 64 }
    }

    /// The paths of the blob directory's objects.
    static func objects(_ harness: EngineHarness) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: harness.blobDirectory).filter { $0.hasSuffix(".z") }
            .map { harness.blobDirectory + "/" + $0 }
    }

    static func produced(_ harness: EngineHarness) -> Int { harness.lines("trace").filter { $0 == "produce" }.count }

    /// Runs twice (the second run's hit puts the artifact in the hot cache), damages the one blob,
    /// and checks that the third run recomputes it, says why, and that a fourth run is a hit.
    func recover(damage: (String) throws -> Void, reason: String) async throws {
        try await withEngineHarness(checkingBlobs: true) { harness in
            let file = try harness.write("blobs.yaml", Self.workflow(harness))
            let first = try await Self.run(harness, file)
            #expect(first.status == .succeeded)
            #expect(first.statuses["produce"] == .populated)
            #expect(try await Self.run(harness, file).statuses["produce"] == .hit)
            #expect(Self.produced(harness) == 1)

            let object = try #require(try Self.objects(harness).first)
            #expect(try Self.objects(harness).count == 1)
            try damage(object)
            let digest = ((object as NSString).lastPathComponent as NSString).deletingPathExtension

            let recovered = try await Self.run(harness, file)
            #expect(recovered.status == .succeeded, "\(recovered.nodes.compactMap(\.error))")
            #expect(recovered.output("length") == .int(300))
            #expect(recovered.statuses["produce"] == .populated)
            #expect(Self.produced(harness) == 2, "the node ran again")
            let node = try #require(recovered.nodes.first { $0.id == "produce" })
            let note = try #require(node.note)
            #expect(note.hasPrefix("cached outputs discarded: blob \(digest) \(reason)"), "\(note)")
            #expect(recovered.jsonText().contains("\"note\":\"cached outputs discarded: blob \(digest)"))

            let after = try await Self.run(harness, file)
            #expect(after.status == .succeeded)
            #expect(after.statuses["produce"] == .hit)
            #expect(after.nodes.allSatisfy { $0.note == nil })
            #expect(Self.produced(harness) == 2)
        }
    }

    @Test func aHotHitWhoseBlobIsGoneIsRecomputed() async throws {
        try await recover(damage: { try FileManager.default.removeItem(atPath: $0) }, reason: "is missing from")
    }

    @Test func aHitWhoseBlobWasOverwrittenIsRecomputed() async throws {
        try await recover(
            damage: { try Data("overwritten".utf8).write(to: URL(fileURLWithPath: $0)) }, reason: "is corrupt")
        try await recover(
            damage: { try Data(Zlib.compress(Array("other content".utf8))).write(to: URL(fileURLWithPath: $0)) },
            reason: "does not match its reference")
    }

    @Test func aResumeRecomputesOutputsWhoseBlobIsGone() async throws {
        try await withEngineHarness(checkingBlobs: true) { harness in
            let file = try harness.write("blobs.yaml", Self.workflow(harness))
            try harness.write("broken", "")
            let failed = try await Self.run(harness, file)
            #expect(failed.status == .failed)
            #expect(failed.statuses["produce"] == .populated)

            try FileManager.default.removeItem(atPath: harness.directory + "/broken")
            let object = try #require(try Self.objects(harness).first)
            try FileManager.default.removeItem(atPath: object)
            let (engine, client) = try harness.engine { $0.offloadMin = 64 }
            let resumed = try await withCleanup {
                try await engine.resume(failed.executionID)
            } cleanup: {
                await client.close()
            }
            #expect(resumed.status == .succeeded, "\(resumed.nodes.compactMap(\.error))")
            #expect(resumed.output("length") == .int(300))
            #expect(Self.produced(harness) == 2)
            let note = try #require(resumed.nodes.first { $0.id == "produce" }?.note)
            #expect(note.hasPrefix("outputs of the earlier run discarded: blob "), "\(note)")
            #expect(note.contains("is missing from"), "\(note)")
        }
    }

    /// A dynamic node whose generator writes a future with an `$offloaded` literal (after putting
    /// its blob in place, as a generator that offloads would); the future's leaf fails while the
    /// file `broken` exists, so the first run leaves the future cached and the node failed.
    @Test func aCachedFutureWhoseBlobIsGoneIsGeneratedAgain() async throws {
        try await withEngineHarness(checkingBlobs: true) { harness in
            let blobs = try LocalBlobStore(root: harness.blobDirectory)
            let value = Literal.string(String(repeating: "y", count: 200))
            let reference = try await blobs.putOnThread(value.canonicalBytes())
            let object = blobs.path(of: reference.sha256)
            let saved = harness.directory + "/saved.z"
            try FileManager.default.copyItem(atPath: object, toPath: saved)
            let offloaded = Literal.offloaded(
                OffloadedLiteral(uri: reference.uri, size: reference.size, sha256: reference.sha256, type: .string))
            try harness.write(
                "fan.py",
                """
                import json, os, shutil
                open('\(harness.directory)/trace', 'a').write('fan\\n')
                shutil.copy('\(saved)', '\(object)')
                text = json.loads('''\(offloaded.jsonText())''')
                future = {'nodes': [{'id': 'leaf', 'task': 'measure', 'inputs': {'text': text}}],
                          'outputs': {'length': '$leaf.length'}}
                json.dump(future, open(os.environ['CAIRN_FUTURE'], 'w'))
                """)
            _ = try Self.workflow(harness)
            let file = try harness.write(
                "fan.yaml",
                """
                workflow: fan
                project: tests
                domain: engine
                outputs:
                  length: {type: int, from: $fan.length}
                tasks:
                  fan:
                    kind: dynamic
                    outputs: {length: int}
                    command: [python3, \(harness.directory)/fan.py]
                    cache: {enabled: true, version: "1"}
                  measure:
                    inputs: {text: string}
                    outputs: {length: int}
                    command: [python3, \(harness.directory)/measure.py]
                    cache: {enabled: false}
                nodes:
                  - {id: fan, task: fan}
                """)
            try harness.write("broken", "")
            let failed = try await Self.run(harness, file)
            #expect(failed.status == .failed)
            #expect(harness.lines("trace") == ["fan"])
            // The cached future declares the blob its literal references, so a purge of whatever
            // else referenced it cannot let garbage collection take it from under the future.
            let declaring = try await TestDatabase.count(
                harness.databaseURL,
                "SELECT count(*) FROM artifact_blobs WHERE sha256 = '\\x\(reference.sha256.hex)'::bytea")
            #expect(declaring == 1, "artifacts declaring the future's blob")
            // Taken from the catalog once more while its blob is there: now it is a hot hit, which the
            // server does not check again, so only the engine can notice the blob go.
            let again = try await Self.run(harness, file)
            #expect(again.status == .failed && again.nodes[0].futureFromCatalog == true)
            #expect(harness.lines("trace") == ["fan"])

            try FileManager.default.removeItem(atPath: harness.directory + "/broken")
            try FileManager.default.removeItem(atPath: object)
            let rerun = try await Self.run(harness, file)
            #expect(rerun.status == .succeeded, "\(rerun.nodes.compactMap(\.error))")
            #expect(rerun.output("length") == .int(200))
            #expect(rerun.nodes[0].futureFromCatalog == false)
            #expect(harness.lines("trace") == ["fan", "fan"], "the generator ran again")
            let note = try #require(rerun.nodes[0].note)
            #expect(note.hasPrefix("cached future discarded: blob \(reference.sha256.hex) is missing"), "\(note)")

            let third = try await Self.run(harness, file)
            #expect(third.nodes[0].cache == .hit)
        }
    }
}
