import CairnCore

extension CompiledWorkflow {
    /// Format marker: "CFU" and the format version.
    static let futureHeader: [UInt8] = [0x43, 0x46, 0x55, 1]

    /// The compact binary form of a compiled future, as cached in the catalog.
    ///
    /// Self-contained for the name, interface, nodes, bindings and outputs; tasks are stored by name
    /// with their ``CompiledTask/interfaceDigest``, so decoding against changed tasks fails instead of
    /// running a future compiled for other interfaces.
    public func encodedFuture() -> [UInt8] {
        var writer = FutureWriter()
        for byte in Self.futureHeader { writer.byte(byte) }
        writer.string(name)
        writer.string(project)
        writer.string(domain)
        let used = Array(Set(nodes.map(\.task))).sorted()
        writer.varint(used.count)
        for name in used {
            writer.string(name)
            writer.data(tasks[name]?.interfaceDigest.bytes ?? [])
        }
        writer.varint(inputs.count)
        for input in inputs {
            writer.string(input.name)
            writer.type(input.type)
            if let value = input.defaultValue {
                writer.byte(1)
                writer.data(value.canonicalBytes())
            } else {
                writer.byte(0)
            }
        }
        writer.varint(outputs.count)
        for output in outputs {
            writer.string(output.name)
            writer.type(output.type)
            writer.binding(output.binding)
        }
        writer.varint(nodes.count)
        for node in nodes {
            writer.string(node.id)
            writer.varint(used.firstIndex(of: node.task)!)
            writeOverride(node, into: &writer)
            writer.varint(node.dependencies.count)
            for dependency in node.dependencies { writer.varint(dependency) }
            writer.varint(node.inputs.count)
            for input in node.inputs {
                writer.string(input.name)
                writer.binding(input.binding)
            }
        }
        return writer.bytes
    }

    /// 0: the task's override name (whatever it is when decoded), 1: none, 2: a name of its own.
    private func writeOverride(_ node: CompiledNode, into writer: inout FutureWriter) {
        if node.overrideName == tasks[node.task]?.overrideName {
            writer.byte(0)
        } else if let name = node.overrideName {
            writer.byte(2)
            writer.string(name)
        } else {
            writer.byte(1)
        }
    }
}
