import CairnCore
import CairnFlyteProtocol
import GRPCCore

/// Flyte's dataset id onto Cairn's: project, domain, name and version as they are, and an org, when
/// given, in front of the project (`<org>:<project>`; Flyte's project names cannot hold a `:`, so the
/// two spellings never meet). The dataset UUID is Flyte's database key; Cairn has none to give and
/// ignores it.
extension Datacatalog_DatasetID {
    /// The Cairn dataset this id names.
    /// - Throws: `INVALID_ARGUMENT` naming the missing or invalid part.
    func cairnID(field: String = "dataset") throws -> DatasetID {
        for (part, value) in [("project", project), ("domain", domain), ("name", name), ("version", version)]
        where value.isEmpty {
            throw RPCError.invalid("\(field).\(part)", "must not be empty")
        }
        // Flyte's project and org names cannot hold a ':', which joins them in Cairn's project.
        if org.contains(":") { throw RPCError.invalid("\(field).org", "must not contain ':'") }
        if project.contains(":") { throw RPCError.invalid("\(field).project", "must not contain ':'") }
        return try DatasetID(
            project: org.isEmpty ? project : "\(org):\(project)", domain: domain, name: name, version: version)
    }

    /// The Flyte id of a Cairn dataset.
    init(_ id: DatasetID) {
        self.init()
        if let colon = id.project.firstIndex(of: ":") {
            org = String(id.project[..<colon])
            project = String(id.project[id.project.index(after: colon)...])
        } else {
            project = id.project
        }
        domain = id.domain
        name = id.name
        version = id.version
    }
}
