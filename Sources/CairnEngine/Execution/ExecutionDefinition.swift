import CairnCore
import Foundation

/// What an execution was started with, stored once so `--resume` needs nothing else: the workflow
/// file's text (recompiled on resume), its inputs and the overrides given at launch.
struct ExecutionDefinition: Hashable, Sendable {
    /// The workflow file's absolute path: relative task commands are taken from its directory.
    var file: String
    var yaml: String
    var inputs: [String: Literal]
    /// Overrides files' contents, in the order given.
    var overrideFiles: [String]
    /// `--override name.field=value` assignments, in the order given.
    var overrideAssignments: [String]
    var overwriteCache: Bool

    static let encodingVersion: UInt8 = 1

    func encoded() throws -> [UInt8] {
        var writer = BinaryWriter()
        writer.byte(Self.encodingVersion)
        writer.string(file)
        writer.string(yaml)
        writer.data(Literal.map(inputs).canonicalBytes())
        writer.varint(overrideFiles.count)
        overrideFiles.forEach { writer.string($0) }
        writer.varint(overrideAssignments.count)
        overrideAssignments.forEach { writer.string($0) }
        writer.byte(overwriteCache ? 1 : 0)
        return try Zlib.compress(writer.bytes)
    }

    init(
        file: String, yaml: String, inputs: [String: Literal], overrideFiles: [String] = [],
        overrideAssignments: [String] = [], overwriteCache: Bool = false
    ) {
        self.file = file
        self.yaml = yaml
        self.inputs = inputs
        self.overrideFiles = overrideFiles
        self.overrideAssignments = overrideAssignments
        self.overwriteCache = overwriteCache
    }

    init(encoded: [UInt8]) throws {
        let raw: [UInt8]
        do { raw = try Zlib.decompress(encoded) } catch {
            throw EngineError(.corruptState, "execution definition is corrupt: \(error)")
        }
        var reader = BinaryReader(raw, what: "execution definition")
        guard try reader.byte() == Self.encodingVersion else { throw reader.failure("unknown version") }
        file = try reader.string()
        yaml = try reader.string()
        guard case .map(let inputs) = try Literal(canonicalBytes: reader.data()) else {
            throw reader.failure("inputs are not a map")
        }
        self.inputs = inputs
        overrideFiles = try (0..<reader.count(limit: 10_000)).map { _ in try reader.string() }
        overrideAssignments = try (0..<reader.count(limit: 100_000)).map { _ in try reader.string() }
        overwriteCache = try reader.byte() == 1
        guard reader.isAtEnd else { throw reader.failure("trailing bytes") }
    }

    /// The overrides: files first, then assignments, later ones winning.
    func overrides() throws -> Overrides {
        var overrides = Overrides()
        for (index, text) in overrideFiles.enumerated() {
            overrides.merge(try Overrides(yaml: text, file: "overrides #\(index + 1)"))
        }
        for assignment in overrideAssignments { try overrides.apply(assignment: assignment) }
        return overrides
    }
}
