import CairnClient
import CairnCore
import CairnStore

/// What the catalog holds for a node, once checked.
enum CachedOutputs: Sendable {
    /// Outputs to take: the task does not run. `source`: the lineage the artifact records, if any.
    case hit([Literal], source: Lineage?)
    /// Nothing to take: no artifact, or one that does not fit the task's interface.
    case miss
    /// An artifact whose blobs are missing or damaged: deleted from the catalog, and the task runs.
    /// The text says why, for the report.
    case discarded(String)
}

extension Execution {
    /// What a hit gives a node: its outputs, if its items decode to the task's outputs and every blob
    /// they reference reads back intact (size, SHA-256, a value of the recorded type).
    ///
    /// A hit whose blob is missing or damaged would fail each reader of the node, run after run,
    /// until an operator repaired the catalog (the server checks blobs of store hits, not of hot
    /// ones, and only that they exist). It is deleted by its id, so that an artifact another engine
    /// put under the tag meanwhile stays, and the node runs as a miss. A blob that cannot be read
    /// here for other reasons (no blob store, a read error) says nothing about the artifact: the
    /// hit is taken, as before, and a reader reports the problem.
    static func take(_ hit: CachedArtifact, task: CompiledTask, context: ExecutionContext) async -> CachedOutputs {
        guard let outputs = outputs(of: hit, task: task) else { return .miss }
        guard let damage = await damage(in: outputs, context: context) else {
            return .hit(outputs, source: Lineage(metadata: hit.metadata))
        }
        return .discarded(await discard(hit, because: "cached outputs discarded: \(damage)", context: context))
    }

    /// Why the blobs behind `values` cannot be used (read on a thread of their own), or `nil`.
    static func damage(in values: [Literal], context: ExecutionContext) async -> String? {
        guard !Offloader.references(values).isEmpty else { return nil }
        let offloader = context.runner.offloader
        return (try? await Blocking.run { try offloader.damage(in: values) }) ?? nil
    }

    /// Deletes a hit that cannot be used; returns `reason`, and why the delete failed if it did.
    static func discard(_ hit: CachedArtifact, because reason: String, context: ExecutionContext) async -> String {
        do {
            _ = try await context.catalog.call { try await $0.deleteArtifact(hit.id) }
            return reason
        } catch {
            return reason + "; deleting artifact \(hit.id) failed: \(error)"
        }
    }

    /// Adds to what the report says about a node.
    mutating func note(_ index: Int, _ text: String) {
        notes[index] = notes[index].map { "\($0); \(text)" } ?? text
    }
}
