import CairnClient
import CairnCore
import CairnStore
import Foundation

/// What every node of one execution shares: immutable, so node work can take it to any task.
struct ExecutionContext: Sendable {
    var id: UUID
    var definition: ExecutionDefinition
    var overrides: Overrides
    var configuration: WorkflowEngine.Configuration
    var catalog: CatalogGate
    var runner: TaskRunner
    var store: CairnStore
    /// When the execution was created; node times count from here.
    var createdAt: Date
    /// The workflow's name, recorded in the lineage of what the execution stores.
    var workflow: String
    /// Why nodes missed, with `--explain`.
    let explanations = Explanations()

    var workflowDirectory: String { (definition.file as NSString).deletingLastPathComponent }
    var overwriteCache: Bool { definition.overwriteCache || configuration.overwriteCache }

    /// Milliseconds since the execution was created.
    func now() -> Int64 { Int64((Date().timeIntervalSince(createdAt) * 1000).rounded()) }

    /// The reservation owner for a node: unique per execution and node.
    func owner(of node: String) -> String { "\(id.uuidString.lowercased())/\(node)" }
}
