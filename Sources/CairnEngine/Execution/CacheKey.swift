import CairnCore

/// Where the catalog keeps a node's result (DESIGN section 4): dataset
/// `project/domain/task-<name>/<cache_version>-<interface hash>`, tag the SHA-256 of the canonical
/// input map minus `ignore_inputs`. A dynamic task's compiled future sits beside it in
/// `future-<name>/<cache_version>-<compiler version>` under the same tag.
struct CacheKey: Hashable, Sendable, CustomStringConvertible {
    var dataset: DatasetID
    var tag: TagName

    var description: String { "\(dataset) \(tag.value)" }

    /// The first 16 hex digits of the interface digest: enough to tell interfaces apart, short in listings.
    static func interfaceHash(_ task: CompiledTask) -> String {
        String(task.interfaceDigest.hex.prefix(16))
    }

    static func tag(inputs: [String: Literal], settings: TaskSettings) throws -> TagName {
        try TagName(Literal.inputDigest(inputs, ignoring: Set(settings.cache.ignoreInputs)).hex)
    }

    /// The key of a task's outputs.
    static func outputs(
        of task: CompiledTask, in workflow: CompiledWorkflow, settings: TaskSettings, inputs: [String: Literal]
    ) throws -> CacheKey {
        CacheKey(
            dataset: try DatasetID(
                project: workflow.project, domain: workflow.domain, name: "task-\(task.name)",
                version: "\(settings.cache.version)-\(interfaceHash(task))"),
            tag: try tag(inputs: inputs, settings: settings))
    }

    /// The key of a dynamic task's compiled future.
    static func future(
        of task: CompiledTask, in workflow: CompiledWorkflow, settings: TaskSettings, inputs: [String: Literal]
    ) throws -> CacheKey {
        CacheKey(
            dataset: try DatasetID(
                project: workflow.project, domain: workflow.domain, name: "future-\(task.name)",
                version: "\(settings.cache.version)-\(WorkflowCompiler.version)"),
            tag: try tag(inputs: inputs, settings: settings))
    }
}
