import CairnCore
import Foundation

extension CairnStore {
    /// Creates a dataset. Creating one that exists with the same metadata and partition keys is
    /// not an error (``CreateOutcome/exists``); with different ones it is ``CairnError/Code/conflict``.
    public func createDataset(_ id: DatasetID, metadata: [String: String] = [:], partitionKeys: [String] = [])
        async throws -> (dataset: Dataset, outcome: CreateOutcome)
    {
        try configuration.limits.validateMetadata(metadata)
        let keys = try Self.validatedPartitionKeys(partitionKeys, limits: configuration.limits)
        var bind = PGBind()
        bind.append(id)
        bind.append(json: metadata)
        bind.append(textArray: keys)
        return try await pool.run(.prepared(.createDataset, bind)) { result in
            guard result.rowCount == 1 else {
                throw CairnError(.internalError, "cairn_create_dataset returned nothing")
            }
            let stored = Dataset(
                id: id, metadata: try result.jsonMap(0, 1),
                partitionKeys: try result.textArray(0, 2).compactMap { $0 }, createdAt: result.date(0, 3))
            if result.bool(0, 0) { return (stored, .created) }
            guard stored.metadata == metadata, stored.partitionKeys == keys else {
                throw CairnError(
                    .conflict,
                    "dataset \(id) exists with different metadata or partition keys "
                        + "(stored keys: \(stored.partitionKeys.joined(separator: ",")))")
            }
            return (stored, .exists)
        }
    }

    /// The dataset `id`.
    /// - Throws: ``CairnError/Code/notFound``.
    public func dataset(_ id: DatasetID) async throws -> Dataset {
        var bind = PGBind()
        bind.append(id)
        return try await pool.run(.prepared(.getDataset, bind)) { result in
            guard result.rowCount == 1 else { throw CairnError(.notFound, "dataset \(id) does not exist") }
            return try Self.decodeDataset(result, row: 0)
        }
    }

    /// Datasets matching `filter`, in its ``DatasetFilter/order``, one page at a time.
    /// - Throws: ``CairnError/Code/invalidArgument`` or ``CairnError/Code/limitExceeded`` for a
    ///   metadata filter with a key or value no metadata can have, or too many conditions.
    public func listDatasets(_ filter: DatasetFilter = DatasetFilter(), page: PageRequest = PageRequest()) async throws
        -> Page<Dataset>
    {
        try configuration.limits.validateMetadataFilter(filter.metadata)
        let limit = configuration.limits.pageSize(page.limit)
        var bind = PGBind()
        var conditions: [String] = []
        func parameter(_ value: String) -> String {
            bind.append(value)
            return "$\(bind.count)::text"
        }
        if let project = filter.project { conditions.append("project = \(parameter(project))") }
        if let domain = filter.domain { conditions.append("domain = \(parameter(domain))") }
        if let name = filter.name { conditions.append("name = \(parameter(name))") }
        if let version = filter.version { conditions.append("version = \(parameter(version))") }
        if let prefix = filter.namePrefix, !prefix.isEmpty {
            conditions.append("starts_with(name, \(parameter(prefix)))")
        }
        for object in filter.metadata.containmentObjects {
            bind.append(json: object)
            conditions.append("metadata @> $\(bind.count)::jsonb")
        }
        let order: String
        switch filter.order {
        case .identity:
            order = "project, domain, name, version"
            if let cursor = page.cursor {
                let last = try Cursor.decode(cursor, count: 4)
                let placeholders = last.map(parameter).joined(separator: ", ")
                conditions.append("(project, domain, name, version) > (\(placeholders))")
            }
        case .oldestFirst, .newestFirst:
            let direction = filter.order == .newestFirst ? "DESC" : "ASC"
            order = "created_at \(direction), id \(direction)"
            if let cursor = page.cursor {
                let last = try Cursor.decode(cursor, count: 2)
                guard Int64(last[0]) != nil, Int64(last[1]) != nil else {
                    throw CairnError.invalid("cursor", "is not a cursor this listing returned")
                }
                conditions.append(
                    "(created_at, id) \(direction == "DESC" ? "<" : ">") (timestamptz 'epoch' + "
                        + "\(parameter(last[0]))::bigint * interval '1 microsecond', \(parameter(last[1]))::bigint)")
            }
        }
        let sql =
            "SELECT project, domain, name, version, metadata, partition_keys, created_at, id, "
            + "(extract(epoch FROM created_at) * 1000000)::bigint FROM datasets ds"
            + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            + " ORDER BY \(order) LIMIT \(limit + 1)"
        let byIdentity = filter.order == .identity
        return try await pool.run(.sql(sql, bind)) { result in
            let datasets = try (0..<min(result.rowCount, limit)).map { try Self.decodeDataset(result, row: $0) }
            var next: String?
            if result.rowCount > limit, let last = datasets.last {
                let row = datasets.count - 1
                next =
                    byIdentity
                    ? Cursor.encode([last.id.project, last.id.domain, last.id.name, last.id.version])
                    : Cursor.encode([String(result.int64(row, 8)), String(result.int64(row, 7))])
            }
            return Page(items: datasets, nextCursor: next)
        }
    }

    static func decodeDataset(_ result: PGResult, row: Int) throws -> Dataset {
        Dataset(
            id: try DatasetID(
                project: result.string(row, 0), domain: result.string(row, 1),
                name: result.string(row, 2), version: result.string(row, 3)),
            metadata: try result.jsonMap(row, 4), partitionKeys: try result.textArray(row, 5).compactMap { $0 },
            createdAt: result.date(row, 6))
    }

    static func validatedPartitionKeys(_ keys: [String], limits: CatalogLimits) throws -> [String] {
        if keys.count > limits.maxPartitions {
            throw CairnError.limit("partition keys", "has \(keys.count) keys", limit: limits.maxPartitions)
        }
        for key in keys {
            try Identifier.validateName(key, field: "partition key", maxLength: CatalogLimits.maxKeyLength)
        }
        let sorted = keys.sorted()
        if zip(sorted, sorted.dropFirst()).contains(where: ==) {
            throw CairnError.invalid("partition keys", "lists a key twice")
        }
        return sorted
    }
}
