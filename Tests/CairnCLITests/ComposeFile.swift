import Foundation
import Yams

/// `docker-compose.yml`, parsed: the services and their environment variables.
struct ComposeFile {
    /// Service name to its definition.
    let services: [String: Node]

    /// The repository's compose file, found relative to this source file (`../../docker-compose.yml`).
    static func repository() throws -> ComposeFile {
        try ComposeFile(yaml: String(contentsOf: repositoryFile("docker-compose.yml"), encoding: .utf8))
    }

    /// A file at the top of the repository.
    static func repositoryFile(_ name: String, filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("../../\(name)")
            .standardizedFileURL
    }

    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    init(yaml: String) throws {
        guard let root = try Yams.compose(yaml: yaml), let services = root["services"]?.mapping else {
            throw FormatError(description: "no services mapping")
        }
        var byName: [String: Node] = [:]
        for (key, value) in services {
            guard let name = key.string else { throw FormatError(description: "service name \(key) is not a string") }
            byName[name] = value
        }
        self.services = byName
    }

    /// The environment of `service`, from either compose form: a mapping `NAME: value`, or a list of
    /// `NAME=value` (or bare `NAME`, passed through from the host). A variable without a value maps to `nil`.
    func environment(of service: String) throws -> [String: String?] {
        guard let definition = services[service] else { throw FormatError(description: "no service \(service)") }
        guard let environment = definition["environment"] else { return [:] }
        var variables: [String: String?] = [:]
        if let mapping = environment.mapping {
            for (key, value) in mapping {
                guard let name = key.string else { throw FormatError(description: "variable name \(key)") }
                variables[name] = value.null == nil ? value.string : String?.none
            }
        } else if let list = environment.sequence {
            for entry in list {
                guard let text = entry.string else { throw FormatError(description: "environment entry \(entry)") }
                let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                variables[String(parts[0])] = parts.count == 2 ? String(parts[1]) : nil
            }
        } else {
            throw FormatError(description: "environment of \(service) is neither a mapping nor a list")
        }
        return variables
    }

    /// Every `CAIRN_` variable of every service that is not in `known`, as `service: NAME`.
    func unknownCairnVariables(known: Set<String>) throws -> [String] {
        var unknown: [String] = []
        for service in services.keys.sorted() {
            let names = try environment(of: service).keys.sorted()
            for name in names where name.hasPrefix("CAIRN_") && !known.contains(name) {
                unknown.append("\(service): \(name)")
            }
        }
        return unknown
    }
}
