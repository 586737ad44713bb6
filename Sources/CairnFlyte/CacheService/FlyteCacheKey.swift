import CairnCore
import CairnFlyteProtocol
import GRPCCore

/// Where a Flyte 2 cache key lives in the catalog: a dataset for the service's scope and a tag for
/// the key (see `docs/flyte.md`, "Flyte 2").
///
/// - The unscoped service keeps every key in one dataset, ``unscopedDataset``.
/// - The `v2` service keeps each (org, project, domain) apart: dataset
///   `<org>:<project>/<domain>/cacheservice/1` (the org may not hold a `:`, so two scopes never
///   share a spelling).
/// - A key that is a valid tag (1…256 bytes of visible ASCII) is the tag itself; any other key,
///   and any key that starts with `sha256:`, is `sha256:` and the hex SHA-256 of its UTF-8 bytes.
///   A tag that starts with `sha256:` therefore always comes from hashing, and no key written as
///   it is can meet a digest.
package struct FlyteCacheKey: Hashable, Sendable, CustomStringConvertible {
    /// The dataset of the unscoped service.
    package static let unscopedDataset = try! DatasetID(
        project: "flyte2", domain: "shared", name: "cacheservice", version: "1")
    /// The prefix of tags made by hashing a key.
    static let digestPrefix = "sha256:"

    /// The key as the client sent it.
    package let key: String
    package let dataset: DatasetID
    package let tag: TagName

    /// - Parameter field: the request field the key came from, for errors.
    /// - Throws: `INVALID_ARGUMENT` for an empty key.
    package init(_ key: String, in dataset: DatasetID, field: String = "key") throws {
        guard !key.isEmpty else { throw RPCError.invalid(field, "must not be empty") }
        self.key = key
        self.dataset = dataset
        self.tag = Self.tag(for: key)
    }

    /// The tag a key is stored under.
    package static func tag(for key: String) -> TagName {
        if !key.hasPrefix(digestPrefix), let tag = try? TagName(key) { return tag }
        return try! TagName(digestPrefix + SHA256Digest.of(Array(key.utf8)).hex)
    }

    /// The dataset of a `v2` request's scope.
    /// - Parameter field: the request field the identifier came from, for errors.
    /// - Throws: `INVALID_ARGUMENT` naming the missing or invalid part: Flyte's published rules
    ///   require all three.
    package static func dataset(for identifier: Flyteidl2_Cacheservice_V2_Identifier?, field: String = "identifier")
        throws -> DatasetID
    {
        guard let identifier else { throw RPCError.invalid(field, "is required (org, project and domain)") }
        let parts = [("org", identifier.org), ("project", identifier.project), ("domain", identifier.domain)]
        for (part, value) in parts {
            guard !value.isEmpty else { throw RPCError.invalid("\(field).\(part)", "must not be empty") }
            do {
                try Identifier.validateName(value, field: "\(field).\(part)", maxLength: DatasetID.maxProjectLength)
            } catch {
                throw RPCError(cairn: error)
            }
        }
        if identifier.org.contains(":") { throw RPCError.invalid("\(field).org", "must not contain ':'") }
        let project = "\(identifier.org):\(identifier.project)"
        guard project.utf8.count <= DatasetID.maxProjectLength else {
            throw RPCError.invalid(
                field,
                "org and project together (\(project.utf8.count) bytes with the ':') exceed the "
                    + "\(DatasetID.maxProjectLength) bytes of a Cairn project")
        }
        do {
            return try DatasetID(project: project, domain: identifier.domain, name: "cacheservice", version: "1")
        } catch {
            throw RPCError(cairn: error)
        }
    }

    /// The key as it appears in messages: shortened when long.
    package var description: String {
        key.count > 80 ? "\"\(key.prefix(80))…\" (\(key.utf8.count) bytes)" : "\"\(key)\""
    }
}
