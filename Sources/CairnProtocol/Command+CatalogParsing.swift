import CairnCore

extension Command {
    /// Parses a catalog command; `name` is upper-case and its arity already checked against the table.
    /// Options are case-insensitive and may come in any order, except that `DATA` takes every
    /// argument after it.
    static func parseCatalog(_ name: String, _ arguments: inout Arguments) throws -> CatalogCommand {
        switch name {
        case "DATASET.CREATE": return .datasetCreate(try parseDatasetCreate(&arguments))
        case "DATASET.GET": return .datasetGet(try arguments.dataset())
        case "DATASET.LIST": return try parseDatasetList(&arguments)
        case "ARTIFACT.CREATE": return .artifactCreate(try parseArtifactCreate(&arguments))
        case "ARTIFACT.GET":
            let reference = try arguments.artifactReference(command: name)
            try arguments.expectEnd(command: name)
            return .artifactGet(reference)
        case "ARTIFACT.LIST": return .artifactList(try parseArtifactList(&arguments))
        case "ARTIFACT.UPDATE": return .artifactUpdate(try parseArtifactUpdate(&arguments))
        case "ARTIFACT.DELETE": return .artifactDelete(try arguments.artifactID())
        case "TAG.ADD":
            var add = CatalogCommand.TagAddArguments(
                dataset: try arguments.dataset(), tag: try arguments.tag(), artifact: try arguments.artifactID(),
                overwrite: false)
            while let option = try nextOption(&arguments, command: name, allowed: ["OVERWRITE"]) {
                if option == "OVERWRITE" { add.overwrite = true }
            }
            return .tagAdd(add)
        default:
            throw CommandError("unknown command '\(name)'")
        }
    }

    /// `DATASET.CREATE <dataset> [META k v]… [PARTITION key]…`
    private static func parseDatasetCreate(_ arguments: inout Arguments) throws
        -> CatalogCommand.DatasetCreateArguments
    {
        var create = CatalogCommand.DatasetCreateArguments(
            dataset: try arguments.dataset(), metadata: [:], partitionKeys: [])
        let allowed: Set = ["META", "PARTITION"]
        while let option = try nextOption(&arguments, command: "DATASET.CREATE", allowed: allowed) {
            switch option {
            case "META": try arguments.metadataEntry(into: &create.metadata)
            default: create.partitionKeys.append(try arguments.value(of: "PARTITION"))
            }
        }
        return create
    }

    /// `DATASET.LIST [PROJECT p] [DOMAIN d] [PREFIX x] [LIMIT n] [CURSOR c]`
    private static func parseDatasetList(_ arguments: inout Arguments) throws -> CatalogCommand {
        var filter = DatasetFilter()
        var page = PageRequest()
        let allowed: Set = ["PROJECT", "DOMAIN", "PREFIX", "LIMIT", "CURSOR"]
        while let option = try nextOption(&arguments, command: "DATASET.LIST", allowed: allowed) {
            switch option {
            case "PROJECT": filter.project = try arguments.value(of: option)
            case "DOMAIN": filter.domain = try arguments.value(of: option)
            case "PREFIX": filter.namePrefix = try arguments.value(of: option)
            case "LIMIT": page.limit = try arguments.pageLimit()
            default: page.cursor = try arguments.value(of: option)
            }
        }
        return .datasetList(filter, page)
    }

    /// `ARTIFACT.CREATE <dataset> [ID uuid] [TTL s] [META k v]… [PARTITION k v]… [TAG t]… [BLOB uri size sha256]…
    /// DATA name value [name value …]`
    private static func parseArtifactCreate(_ arguments: inout Arguments) throws -> NewArtifact {
        var new = NewArtifact(dataset: try arguments.dataset(), items: [])
        let allowed: Set = ["ID", "TTL", "META", "PARTITION", "TAG", "BLOB", "DATA"]
        while let option = try nextOption(&arguments, command: "ARTIFACT.CREATE", allowed: allowed) {
            switch option {
            case "ID":
                guard arguments.remaining > 0 else { throw CommandError("ID needs a value") }
                new.id = try arguments.artifactID()
            case "TTL": new.ttl = try arguments.ttl()
            case "META": try arguments.metadataEntry(into: &new.metadata)
            case "PARTITION": try arguments.partitionEntry(into: &new.partitions)
            case "TAG":
                guard arguments.remaining > 0 else { throw CommandError("TAG needs a value") }
                new.tags.append(try arguments.tag())
            case "BLOB": new.blobs.append(try arguments.blob())
            default: new.items = try arguments.data()
            }
        }
        guard !new.items.isEmpty else { throw CommandError("ARTIFACT.CREATE needs DATA name value [name value …]") }
        return new
    }

    /// `ARTIFACT.LIST <dataset> [TAG t] [PARTITION k v]… [CREATED-FROM ms] [CREATED-BEFORE ms] [VALUES] [LIMIT n]
    /// [CURSOR c]`
    private static func parseArtifactList(_ arguments: inout Arguments) throws
        -> CatalogCommand.ArtifactListArguments
    {
        var list = CatalogCommand.ArtifactListArguments(
            dataset: try arguments.dataset(), filter: ArtifactFilter(), page: PageRequest())
        let allowed: Set = ["TAG", "PARTITION", "CREATED-FROM", "CREATED-BEFORE", "VALUES", "LIMIT", "CURSOR"]
        while let option = try nextOption(&arguments, command: "ARTIFACT.LIST", allowed: allowed) {
            switch option {
            case "TAG":
                guard arguments.remaining > 0 else { throw CommandError("TAG needs a value") }
                list.filter.tag = try arguments.tag()
            case "PARTITION": try arguments.partitionEntry(into: &list.filter.partitions)
            case "CREATED-FROM": list.filter.createdFrom = try arguments.unixMilliseconds(option)
            case "CREATED-BEFORE": list.filter.createdBefore = try arguments.unixMilliseconds(option)
            case "VALUES": list.filter.includeValues = true
            case "LIMIT": list.page.limit = try arguments.pageLimit()
            default: list.page.cursor = try arguments.value(of: option)
            }
        }
        return list
    }

    /// `ARTIFACT.UPDATE <artifact-id> | <dataset> <tag> [TTL s | PERSIST] [META k v]… [BLOB uri size sha256]…
    /// DATA name value [name value …]`
    private static func parseArtifactUpdate(_ arguments: inout Arguments) throws
        -> CatalogCommand.ArtifactUpdateArguments
    {
        let command = "ARTIFACT.UPDATE"
        var update = CatalogCommand.ArtifactUpdateArguments(
            reference: try arguments.artifactReference(command: command), data: [], metadata: [:], blobs: [],
            expiry: .keep)
        let allowed: Set = ["TTL", "PERSIST", "META", "BLOB", "DATA"]
        while let option = try nextOption(&arguments, command: command, allowed: allowed) {
            switch option {
            case "TTL", "PERSIST":
                guard update.expiry == .keep else { throw CommandError("\(command) takes at most one TTL or PERSIST") }
                update.expiry = option == "TTL" ? .after(try arguments.ttl()) : .never
            case "META": try arguments.metadataEntry(into: &update.metadata)
            case "BLOB": update.blobs.append(try arguments.blob())
            default: update.data = try arguments.data()
            }
        }
        guard !update.data.isEmpty else { throw CommandError("\(command) needs DATA name value [name value …]") }
        return update
    }

    /// The next option word, upper-cased, or `nil` at the end.
    /// - Throws: a syntax error naming the command when the word is not one of `allowed`.
    static func nextOption(_ arguments: inout Arguments, command: String, allowed: Set<String>) throws
        -> String?
    {
        guard let option = arguments.nextString()?.uppercased() else { return nil }
        guard allowed.contains(option) else {
            throw CommandError(
                "syntax error: unknown \(command) option '\(option.prefix(32))' "
                    + "(expected \(allowed.sorted().joined(separator: ", ")))")
        }
        return option
    }
}
