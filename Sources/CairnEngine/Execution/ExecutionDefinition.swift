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
        var writer = CanonicalWriter()
        writer.bytes.append(Self.encodingVersion)
        writer.writeString(file)
        writer.writeString(yaml)
        writer.writeBytes(Literal.map(inputs).canonicalBytes())
        writer.writeLength(overrideFiles.count)
        overrideFiles.forEach { writer.writeString($0) }
        writer.writeLength(overrideAssignments.count)
        overrideAssignments.forEach { writer.writeString($0) }
        writer.bytes.append(overwriteCache ? 1 : 0)
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
        do {
            var reader = CanonicalReader(bytes: try Zlib.decompress(encoded), field: "execution definition")
            guard try reader.readByte() == Self.encodingVersion else { throw reader.error("unknown version") }
            file = try reader.readString(requireNFC: false)
            yaml = try reader.readString(requireNFC: false)
            guard case .map(let inputs) = try Literal(canonicalBytes: reader.readBytes()) else {
                throw reader.error("inputs are not a map")
            }
            self.inputs = inputs
            overrideFiles = try (0..<reader.readCount(minimumSize: 1)).map { _ in
                try reader.readString(requireNFC: false)
            }
            overrideAssignments = try (0..<reader.readCount(minimumSize: 1)).map { _ in
                try reader.readString(requireNFC: false)
            }
            overwriteCache = try reader.readByte() == 1
            try reader.expectEnd()
        } catch let error as CairnError {
            throw EngineError(.corruptState, "execution definition is corrupt: \(error.message)")
        }
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
