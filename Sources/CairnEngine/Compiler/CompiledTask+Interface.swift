import CairnCore

extension CompiledTask {
    /// SHA-256 of the task's interface (input and output names and types): part of its cache
    /// dataset version, and what a cached compiled future checks its tasks against.
    public var interfaceDigest: SHA256Digest {
        Literal.interfaceDigest(inputs: inputs.map { ($0.name, $0.type) }, outputs: outputs.map { ($0.name, $0.type) })
    }
}
