import Foundation

/// An engine execution as the store keeps it. `definition` and `state` are the engine's own
/// encodings; the store only files them.
public struct ExecutionRecord: Hashable, Sendable {
    /// Where an execution stands.
    public enum Status: String, Hashable, Sendable {
        case running, succeeded, failed, cancelled
    }

    public var id: UUID
    public var workflow: String
    public var project: String
    public var domain: String
    public var status: Status
    public var nodeCount: Int
    /// Written once, when the execution is created.
    public var definition: [UInt8]
    /// Rewritten as the execution moves on.
    public var state: [UInt8]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, workflow: String, project: String, domain: String, status: Status, nodeCount: Int,
        definition: [UInt8], state: [UInt8], createdAt: Date = Date(), updatedAt: Date = Date()
    ) {
        self.id = id
        self.workflow = workflow
        self.project = project
        self.domain = domain
        self.status = status
        self.nodeCount = nodeCount
        self.definition = definition
        self.state = state
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
