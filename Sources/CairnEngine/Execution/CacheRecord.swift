import CairnCore
import Foundation

/// What the engine stores with a result beside its outputs: where it came from (``Lineage`` and the
/// task's interface, as metadata) and the digest of each input, so a later miss can be explained.
struct CacheRecord: Sendable {
    var metadata: [String: String]
    var inputs: [InputDigest]

    /// The metadata key of the task's interface: JSON `{"inputs":{name:type},"outputs":{name:type}}`.
    static let interfaceKey = "cairn.interface"

    /// The engine's version, recorded in every artifact's lineage.
    static let engineVersion = "0.1.0"

    /// The record of a result that `node` produced from `inputs` on attempt `attempt`, started at `ranAt`.
    init(
        node: String, task: CompiledTask, settings: TaskSettings, inputs: [String: Literal], attempt: Int,
        ranAt: Date, context: ExecutionContext
    ) {
        let lineage = Lineage(
            execution: context.id.uuidString.lowercased(), workflow: context.workflow, node: node,
            attempt: attempt, host: Self.host, engineVersion: Self.engineVersion,
            commandDigest: Lineage.commandDigest(task.command), ranAt: ranAt)
        metadata = lineage.metadata
        let interface = Self.interfaceText(task)
        if interface.utf8.count <= CatalogLimits().maxMetadataValueBytes { metadata[Self.interfaceKey] = interface }
        self.inputs = InputDigest.of(inputs, ignoring: Set(settings.cache.ignoreInputs))
    }

    /// The task's interface as the JSON text stored under ``interfaceKey``.
    static func interfaceText(_ task: CompiledTask) -> String {
        func object(_ parameters: [Parameter]) -> Literal {
            .map(Dictionary(parameters.map { ($0.name, Literal.string($0.type.description)) }) { first, _ in first })
        }
        return Literal.structure(["inputs": object(task.inputs), "outputs": object(task.outputs)]).jsonText()
    }

    /// The machine's name (`gethostname`), read once.
    static let host: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()
}

extension CacheRecord {
    /// The record of what `job`'s successful run (`outcome`) produced.
    init(_ job: TaskRunner.Job, outcome: TaskRunner.Outcome, context: ExecutionContext) {
        self.init(
            node: job.nodeID, task: job.task, settings: job.settings, inputs: job.inputs,
            attempt: job.attemptsBefore + outcome.attempts, ranAt: outcome.startedAt ?? Date(), context: context)
    }
}

extension Execution {
    /// The record of a dynamic node's outputs, stored once its future's nodes are done: its generator's
    /// attempts, and the time the node started.
    func cacheRecord(of index: Int) -> CacheRecord {
        let started = state.nodes[index].startedAt.map { context.createdAt.addingTimeInterval(Double($0) / 1000) }
        return CacheRecord(
            node: graph.nodes[index].id, task: graph.task(index), settings: settings(of: index),
            inputs: nodeInputs[index] ?? [:], attempt: state.nodes[index].attempts, ranAt: started ?? Date(),
            context: context)
    }
}
