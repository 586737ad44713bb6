import CairnCore
import Foundation

extension CairnStore {
    /// Creates an artifact with its data, metadata, partitions and tags atomically. The dataset
    /// must exist and the partition keys must be exactly its partition keys.
    /// - Throws: ``CairnError/Code/notFound`` (dataset), ``CairnError/Code/alreadyExists`` (a tag
    ///   or the id is taken: nothing is created), ``CairnError/Code/invalidArgument``.
    public func createArtifact(_ new: NewArtifact) async throws -> Artifact {
        let limits = configuration.limits
        let content = try ArtifactContent(
            items: new.items, declaredBlobs: new.blobs, metadata: new.metadata, limits: limits)
        try limits.validatePartitions(new.partitions)
        if new.tags.count > limits.maxTags {
            throw CairnError.limit("tags", "has \(new.tags.count) tags", limit: limits.maxTags)
        }
        let id = new.id ?? .random()
        let keys = new.partitions.keys.sorted()
        var bind = PGBind()
        bind.append(new.dataset)
        bind.append(id)
        let ttl = try new.ttl.map { try $0.validatedTTL() }
        if let ttl { bind.append(interval: ttl) } else { bind.appendNull(PGType.interval) }
        bind.append(json: content.metadata)
        bind.append(content)
        bind.append(textArray: keys)
        bind.append(textArray: keys.map { new.partitions[$0] })
        bind.append(textArray: Array(Set(new.tags.map(\.value))).sorted())
        let (created, expires) = try await pool.run(.prepared(.createArtifact, bind)) {
            ($0.date(0, 0), $0.optionalDate(0, 1))
        }
        return Artifact(
            id: id, dataset: new.dataset, items: content.items, blobs: content.blobs, metadata: content.metadata,
            partitions: new.partitions, tags: Array(Set(new.tags.map(\.value))).sorted(), createdAt: created,
            updatedAt: nil,
            expiresAt: expires,
            lastHitAt: nil, hitCount: 0, size: content.size, checksum: content.checksum)
    }

    /// The artifact `reference` names, with tags and partitions, whether expired or not (this is
    /// the inspection read; the cache path is ``get(_:_:)``).
    /// - Throws: ``CairnError/Code/notFound``.
    public func artifact(_ reference: ArtifactReference) async throws -> Artifact {
        var bind = PGBind()
        let statement: Statement
        switch reference {
        case .id(let id):
            bind.append(id)
            statement = .artifactByID
        case .tag(let dataset, let tag):
            bind.append(dataset)
            bind.append(tag.value)
            statement = .artifactByTag
        }
        return try await pool.run(.prepared(statement, bind)) { result in
            guard result.rowCount == 1 else { throw CairnError(.notFound, "\(reference) does not exist") }
            return try ArtifactRow.decode(result, row: 0)
        }
    }

    /// Overwrites an artifact in place: replaces its data, blob references and metadata, keeps its
    /// id, tags and partitions, and records the update time.
    /// - Throws: ``CairnError/Code/notFound``.
    public func updateArtifact(
        _ reference: ArtifactReference, data: [DataItem], metadata: [String: String] = [:],
        blobs: [BlobReference] = [], expiry: ExpiryUpdate = .keep
    ) async throws -> Artifact {
        let content = try ArtifactContent(
            items: data, declaredBlobs: blobs, metadata: metadata,
            limits: configuration.limits)
        var bind = PGBind()
        switch reference {
        case .id(let id):
            (0..<5).forEach { _ in bind.appendNull(PGType.text) }
            bind.append(id)
        case .tag(let dataset, let tag):
            bind.append(dataset)
            bind.append(tag.value)
            bind.append(nil as ArtifactID?)
        }
        switch expiry {
        case .keep: bind.appendNull(PGType.interval); bind.append(true)
        case .never: bind.appendNull(PGType.interval); bind.append(false)
        case .after(let ttl): bind.append(interval: try ttl.validatedTTL()); bind.append(false)
        }
        bind.append(json: content.metadata)
        bind.append(content)
        let id = try await pool.run(.prepared(.updateArtifact, bind)) { try $0.optionalArtifactID(0, 0) }
        guard let id else { throw CairnError(.notFound, "\(reference) does not exist") }
        return try await artifact(.id(id))
    }

    /// Deletes an artifact with its data, tags and partitions. Returns whether it existed.
    public func deleteArtifact(_ id: ArtifactID) async throws -> Bool {
        var bind = PGBind()
        bind.append(id)
        return try await pool.run(.prepared(.deleteArtifact, bind)) { $0.bool(0, 0) }
    }

    /// Artifacts of `dataset` matching `filter`, oldest first (keyset on creation time and id).
    /// Inline values are left out (``DataItem/Value/omitted(size:)``) unless the filter asks.
    /// - Throws: ``CairnError/Code/notFound`` if the dataset does not exist;
    ///   ``CairnError/Code/invalidArgument`` or ``CairnError/Code/limitExceeded`` for partitions or a
    ///   metadata filter no artifact can have.
    public func listArtifacts(
        _ dataset: DatasetID, filter: ArtifactFilter = ArtifactFilter(),
        page: PageRequest = PageRequest()
    ) async throws -> Page<Artifact> {
        try configuration.limits.validatePartitions(filter.partitions)
        try configuration.limits.validateMetadataFilter(filter.metadata)
        let limit = configuration.limits.pageSize(page.limit)
        var bind = PGBind()
        bind.append(dataset)
        var conditions = [
            "ds.project = $1::text AND ds.domain = $2::text AND ds.name = $3::text AND ds.version = $4::text"
        ]
        func parameter(_ append: (inout PGBind) -> Void, _ type: String) -> String {
            append(&bind)
            return "$\(bind.count)::\(type)"
        }
        if let tag = filter.tag {
            conditions.append(
                "EXISTS (SELECT 1 FROM tags ft WHERE ft.dataset_id = a.dataset_id AND ft.name = "
                    + "\(parameter({ $0.append(tag.value) }, "text")) AND ft.artifact_id = a.id)")
        }
        for key in filter.partitions.keys.sorted() {
            let keyParameter = parameter({ $0.append(key) }, "text")
            let valueParameter = parameter({ $0.append(filter.partitions[key]!) }, "text")
            conditions.append(
                "EXISTS (SELECT 1 FROM partitions fp WHERE fp.artifact_id = a.id AND fp.key = "
                    + "\(keyParameter) AND fp.value = \(valueParameter))")
        }
        for object in filter.metadata.containmentObjects {
            conditions.append("a.metadata @> \(parameter({ $0.append(json: object) }, "jsonb"))")
        }
        if let from = filter.createdFrom {
            conditions.append("a.created_at >= \(parameter({ $0.append(from) }, "timestamptz"))")
        }
        if let before = filter.createdBefore {
            conditions.append("a.created_at < \(parameter({ $0.append(before) }, "timestamptz"))")
        }
        if let id = filter.artifactID {
            conditions.append("a.id = \(parameter({ $0.append(id) }, "uuid"))")
        }
        let order = filter.newestFirst ? "DESC" : "ASC"
        if let cursor = page.cursor {
            let last = try Cursor.decode(cursor, count: 2)
            guard let micros = Int64(last[0]), let id = try? ArtifactID(parsing: last[1]) else {
                throw CairnError.invalid("cursor", "is not a cursor this listing returned")
            }
            let at = parameter({ $0.append(micros) }, "bigint")
            let after = parameter({ $0.append(id) }, "uuid")
            conditions.append(
                "(a.created_at, a.id) \(filter.newestFirst ? "<" : ">") (timestamptz '2000-01-01 00:00:00+00' + \(at) * interval '1 microsecond', \(after))"
            )
        }
        let sql = ArtifactSQL.select(
            values: filter.includeValues, labels: true, from: "datasets ds JOIN artifacts a ON a.dataset_id = ds.id",
            suffix: "WHERE " + conditions.joined(separator: " AND ")
                + " ORDER BY a.created_at \(order), a.id \(order) LIMIT \(limit + 1)"
        )
        var exists = PGBind()
        exists.append(dataset)
        let queries: [PGQuery] = [.prepared(.getDataset, exists), .sql(sql, bind)]
        return try await pool.run(queries) { results in
            guard results[0].rowCount == 1 else { throw CairnError(.notFound, "dataset \(dataset) does not exist") }
            let result = results[1]
            let artifacts = try (0..<min(result.rowCount, limit)).map { try ArtifactRow.decode(result, row: $0) }
            var next: String?
            if result.rowCount > limit, let last = artifacts.last {
                let row = artifacts.count - 1
                next = Cursor.encode([String(result.int64(row, ArtifactSQL.Column.createdAt)), last.id.description])
            }
            return Page(items: artifacts, nextCursor: next)
        }
    }
}
