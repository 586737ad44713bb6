import CairnCore

extension CompiledWorkflow {
    /// Decodes a compiled future written by ``encodedFuture()``.
    /// - Parameter tasks: the current workflow's tasks; the result's ``tasks``.
    /// - Throws: a ``CompileError`` with code ``CompileError/Code/staleFuture`` when a task it uses is
    ///   gone or has another interface now (treat the cached future as a miss), or
    ///   ``CompileError/Code/malformedFuture`` when the bytes are not a compiled future.
    public init(decodingFuture bytes: [UInt8], tasks: [String: CompiledTask]) throws {
        var reader = FutureReader(bytes)
        for expected in Self.futureHeader {
            guard try reader.byte() == expected else {
                throw FutureReader.malformed("not a compiled future of format 1")
            }
        }
        let name = try reader.string()
        let project = try reader.string()
        let domain = try reader.string()
        var used: [CompiledTask] = []
        for _ in 0..<(try reader.count()) {
            let taskName = try reader.string()
            let digest = try reader.data()
            guard let task = tasks[taskName] else {
                throw CompileError(
                    .staleFuture, file: "compiled future", task: taskName,
                    message: "the future uses this task, which the workflow no longer declares")
            }
            guard task.interfaceDigest.bytes == digest else {
                throw CompileError(
                    .staleFuture, file: "compiled future", task: taskName,
                    message: "the task's inputs or outputs changed since the future was compiled")
            }
            used.append(task)
        }
        var inputs: [Parameter] = []
        for _ in 0..<(try reader.count()) {
            var parameter = Parameter(name: try reader.string(), type: try reader.type())
            if try reader.byte() == 1 { parameter.defaultValue = try Self.literal(try reader.data()) }
            inputs.append(parameter)
        }
        var outputs: [OutputBinding] = []
        let outputCount = try reader.count()
        // Outputs come before the nodes they read: their node indices are checked once the nodes are read.
        for _ in 0..<outputCount {
            outputs.append(
                OutputBinding(
                    name: try reader.string(), type: try reader.type(), binding: try reader.binding(nodeLimit: .max)))
        }
        var nodes: [CompiledNode] = []
        for index in 0..<(try reader.count()) {
            nodes.append(try Self.node(&reader, index: index, used: used))
        }
        guard reader.isAtEnd else { throw FutureReader.malformed("has bytes after its last node") }
        for output in outputs {
            if let node = output.binding.nodes.max(), node >= nodes.count {
                throw FutureReader.malformed("output \(output.name) reads node \(node) of \(nodes.count)")
            }
        }
        self.init(
            name: name, project: project, domain: domain, inputs: inputs, outputs: outputs, tasks: tasks, nodes: nodes)
    }

    private static func node(_ reader: inout FutureReader, index: Int, used: [CompiledTask]) throws -> CompiledNode {
        let id = try reader.string()
        let taskIndex = try reader.varint()
        guard taskIndex < used.count else {
            throw FutureReader.malformed("node \(id) names task \(taskIndex) of \(used.count)")
        }
        let task = used[taskIndex]
        let overrideName: String?
        switch try reader.byte() {
        case 0: overrideName = task.overrideName
        case 1: overrideName = nil
        case 2: overrideName = try reader.string()
        case let tag: throw FutureReader.malformed("node \(id) has unknown override tag \(tag)")
        }
        var dependencies: [Int] = []
        for _ in 0..<(try reader.count()) {
            let dependency = try reader.varint()
            guard dependency < index else {
                throw FutureReader.malformed("node \(id) depends on node \(dependency) out of order")
            }
            dependencies.append(dependency)
        }
        var inputs: [InputBinding] = []
        for _ in 0..<(try reader.count()) {
            inputs.append(InputBinding(name: try reader.string(), binding: try reader.binding(nodeLimit: index)))
        }
        return CompiledNode(
            id: id, task: task.name, inputs: inputs, dependencies: dependencies, overrideName: overrideName)
    }

    private static func literal(_ bytes: [UInt8]) throws -> Literal {
        do {
            return try Literal(canonicalBytes: bytes)
        } catch {
            throw FutureReader.malformed("a default value does not decode: \(messageText(of: error))")
        }
    }
}
