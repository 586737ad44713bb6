import CairnBlobs
import CairnCore
import CairnStore
import Foundation

extension Fsck {
    /// Rows to objects: pages through the distinct references, checks each one the store owns,
    /// names the artifacts behind every broken one and, on repair, demotes them.
    func checkReferences(
        on connection: MaintenanceConnection, summary: inout Summary, observe: (Event) -> Void
    ) throws {
        summary.progress.phase = .references
        observe(.progress(summary.progress))
        var after: ReferencedBlob?
        // Artifacts already counted, so one with several broken blobs on several pages counts once.
        var seen = Set<ArtifactID>()
        while true {
            let page = try connection.referencedBlobs(after: after, limit: max(1, configuration.batchSize))
            guard let last = page.last else { break }
            after = last
            var broken: [(blob: ReferencedBlob, problem: Problem, reason: String)] = []
            for blob in page {
                summary.progress.references += 1
                guard store.owns(blob.uri, digest: blob.sha256) else {
                    summary.referencesNotChecked += 1
                    continue
                }
                summary.referencesChecked += 1
                if let found = try check(blob, summary: &summary) { broken.append((blob, found.0, found.1)) }
                observe(.progress(summary.progress))
            }
            try settle(broken, on: connection, seen: &seen, summary: &summary, observe: observe)
            if page.count < configuration.batchSize { break }
        }
    }

    /// Reports the broken references of one page with the artifacts behind them (a reference whose
    /// artifacts went away meanwhile is no drift any more) and, on repair, demotes those artifacts.
    private func settle(
        _ broken: [(blob: ReferencedBlob, problem: Problem, reason: String)], on connection: MaintenanceConnection,
        seen: inout Set<ArtifactID>, summary: inout Summary, observe: (Event) -> Void
    ) throws {
        guard !broken.isEmpty else { return }
        let referrers = try connection.artifacts(referencing: broken.map(\.blob))
        var demotions: [(artifact: ReferringArtifact, blob: ReferencedBlob, problem: Problem, reason: String)] = []
        var reported: Int64 = 0
        for (blob, problem, reason) in broken {
            guard let artifacts = referrers[blob], !artifacts.isEmpty else { continue }
            reported += 1
            switch problem {
            case .missing: summary.missing += 1
            case .corrupt: summary.corrupt += 1
            }
            observe(.finding(.broken(BrokenBlob(blob: blob, problem: problem, reason: reason, artifacts: artifacts))))
            for artifact in artifacts where seen.insert(artifact.id).inserted {
                demotions.append((artifact, blob, problem, reason))
            }
        }
        summary.brokenArtifacts += Int64(demotions.count)
        guard configuration.repair, !demotions.isEmpty else { return }
        // Artifacts that went away meanwhile are gone all the same: the findings are repaired.
        let deleted = try connection.deleteArtifacts(demotions.map(\.artifact.id))
        summary.repaired += reported
        for demotion in demotions where deleted.contains(demotion.artifact.id) {
            summary.demotedArtifacts += 1
            observe(
                .action(
                    .demoted(
                        demotion.artifact, blob: demotion.blob, problem: demotion.problem, reason: demotion.reason)))
        }
    }

    /// What is wrong with the object `blob` names, if anything: existence only when quick, else its
    /// content decompressed and compared with the reference's size and SHA-256.
    func check(_ blob: ReferencedBlob, summary: inout Summary) throws -> (Problem, String)? {
        guard let store = store as? LocalBlobStore else { return try checkRead(blob, summary: &summary) }
        let path = store.path(of: blob.sha256)
        if configuration.quick {
            return try FileStatus.of(path) == nil ? (.missing, "no object at \(path)") : nil
        }
        guard let stored = try FileStatus.contents(of: path) else { return (.missing, "no object at \(path)") }
        let limit = Int(min(Int64(store.configuration.maxObjectSize), blob.size))
        let content: [UInt8]
        do {
            content = try Zlib.decompress(stored, maxOutput: limit)
        } catch let error as CairnError {
            if error.code == .limitExceeded {
                return (.corrupt, "\(path) decompresses to more than \(limit) bytes (the reference says \(blob.size))")
            }
            return (.corrupt, "\(path) cannot be decompressed: \(error.message)")
        }
        summary.verifiedBytes += Int64(content.count)
        guard Int64(content.count) == blob.size else {
            return (.corrupt, "\(path) holds \(content.count) bytes, the reference says \(blob.size)")
        }
        let digest = SHA256Digest.of(content)
        guard digest == blob.sha256 else { return (.corrupt, "\(path) holds content with sha256 \(digest.hex)") }
        return nil
    }

    /// ``check(_:summary:)`` through the store's own calls (S3): a HEAD when quick, else the object
    /// streamed, decompressed and checked without being kept.
    private func checkRead(_ blob: ReferencedBlob, summary: inout Summary) throws -> (Problem, String)? {
        let store = self.store
        let reference = try BlobReference(uri: blob.uri, size: blob.size, sha256: blob.sha256)
        do {
            if configuration.quick {
                return try BlobBridge.wait { try await store.exists(reference) }
                    ? nil : (.missing, "no object \(blob.uri)")
            }
            try BlobBridge.wait { try await store.get(reference, into: "/dev/null") }
        } catch let error as CairnError where error.code == .notFound {
            return (.missing, "no object \(blob.uri)")
        } catch let error as CairnError where error.code == .conflict {
            return (.corrupt, error.message)
        }
        summary.verifiedBytes += blob.size
        return nil
    }
}
