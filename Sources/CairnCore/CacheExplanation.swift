import Foundation

/// Why a cache key has no live artifact: what `CACHE.EXPLAIN`, `cairn explain` and `cairn run --explain`
/// answer. The key's own history comes first (it expired, or was removed, when and by what); else
/// the nearest earlier result of the same task (the dataset name, any project, domain or version)
/// and every way it differs from this key: project or domain, cache version, interface, inputs.
public struct CacheExplanation: Hashable, Sendable {
    /// The reason, in one word.
    public enum Cause: String, Hashable, Sendable {
        /// Not a miss: the key holds a live artifact.
        case live
        /// The key's artifact is still stored but past its expiry (the sweeper has not removed it yet).
        case expired
        /// The key's artifact was removed: ``removedBy`` says by what, ``removedAt`` when.
        case removed
        /// The key was never stored (or its record was trimmed); ``nearest`` differs as ``differences`` say.
        case differs
        /// Nothing of this task was ever stored.
        case neverSeen = "never_seen"
    }

    /// One way the nearest result differs from the key explained.
    public struct Difference: Hashable, Sendable {
        /// `project`, `domain`, `cache_version`, `version`, `interface`, `input_added`, `input_removed`,
        /// `input_changed`, `output_added`, `output_removed`, `output_retyped`, `input_retyped`,
        /// `inputs_unrecorded`.
        public var kind: String
        /// The input or output concerned, if any.
        public var name: String?
        /// The nearest result's side (a value, a digest, a type), if any.
        public var old: String?
        /// This key's side, if any.
        public var new: String?
        /// Short texts of inline input values, where known.
        public var oldPreview: String?
        public var newPreview: String?

        public init(
            kind: String, name: String? = nil, old: String? = nil, new: String? = nil, oldPreview: String? = nil,
            newPreview: String? = nil
        ) {
            self.kind = kind
            self.name = name
            self.old = old
            self.new = new
            self.oldPreview = oldPreview
            self.newPreview = newPreview
        }
    }

    /// The earlier result compared with.
    public struct Nearest: Hashable, Sendable {
        public var dataset: DatasetID
        public var artifact: ArtifactID
        public var createdAt: Date
        /// How many of the key's input digests it shares.
        public var sharedInputs: Int
        /// Its metadata (lineage, interface).
        public var metadata: [String: String]

        public init(
            dataset: DatasetID, artifact: ArtifactID, createdAt: Date, sharedInputs: Int, metadata: [String: String]
        ) {
            self.dataset = dataset
            self.artifact = artifact
            self.createdAt = createdAt
            self.sharedInputs = sharedInputs
            self.metadata = metadata
        }
    }

    public var cause: Cause
    /// The artifact the key pointed at (live, expired or removed).
    public var artifact: ArtifactID?
    public var createdAt: Date?
    public var expiresAt: Date?
    public var removedAt: Date?
    /// `expiry`, `purge`, `budget`, `evict` or `delete`.
    public var removedBy: String?
    public var nearest: Nearest?
    public var differences: [Difference]
    /// How many input digests the key was explained with.
    public var inputCount: Int

    public init(
        cause: Cause, artifact: ArtifactID? = nil, createdAt: Date? = nil, expiresAt: Date? = nil,
        removedAt: Date? = nil, removedBy: String? = nil, nearest: Nearest? = nil, differences: [Difference] = [],
        inputCount: Int = 0
    ) {
        self.cause = cause
        self.artifact = artifact
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.removedAt = removedAt
        self.removedBy = removedBy
        self.nearest = nearest
        self.differences = differences
        self.inputCount = inputCount
    }
}

extension CacheExplanation {
    /// The differences between the key (`dataset`, `inputs`) and a nearest result (`dataset`, its
    /// recorded inputs), in the order a reader wants them: scope, version, interface, then inputs by name.
    public static func differences(
        dataset: DatasetID, inputs: [InputDigest], nearestDataset: DatasetID, nearestInputs: [InputDigest]
    ) -> [Difference] {
        var found: [Difference] = []
        if dataset.project != nearestDataset.project {
            found.append(Difference(kind: "project", old: nearestDataset.project, new: dataset.project))
        }
        if dataset.domain != nearestDataset.domain {
            found.append(Difference(kind: "domain", old: nearestDataset.domain, new: dataset.domain))
        }
        if dataset.version != nearestDataset.version {
            let old = EngineVersion(nearestDataset.version)
            let new = EngineVersion(dataset.version)
            if let old, let new {
                if old.cacheVersion != new.cacheVersion {
                    found.append(Difference(kind: "cache_version", old: old.cacheVersion, new: new.cacheVersion))
                }
                if old.interfaceHash != new.interfaceHash {
                    found.append(Difference(kind: "interface", old: old.interfaceHash, new: new.interfaceHash))
                }
            } else {
                found.append(Difference(kind: "version", old: nearestDataset.version, new: dataset.version))
            }
        }
        if nearestInputs.isEmpty && !inputs.isEmpty {
            found.append(Difference(kind: "inputs_unrecorded"))
            return found
        }
        let old = Dictionary(nearestInputs.map { ($0.name, $0) }) { first, _ in first }
        let new = Dictionary(inputs.map { ($0.name, $0) }) { first, _ in first }
        for name in Set(old.keys).union(new.keys).sorted() {
            switch (old[name], new[name]) {
            case (let before?, let after?) where before.digest != after.digest:
                found.append(
                    Difference(
                        kind: "input_changed", name: name, old: before.digest.hex, new: after.digest.hex,
                        oldPreview: before.preview, newPreview: after.preview))
            case (nil, let after?):
                found.append(
                    Difference(kind: "input_added", name: name, new: after.digest.hex, newPreview: after.preview))
            case (let before?, nil):
                found.append(
                    Difference(kind: "input_removed", name: name, old: before.digest.hex, oldPreview: before.preview))
            default: break
            }
        }
        return found
    }

    /// An engine dataset version, `<cache version>-<16 hex digits of the interface digest>`.
    struct EngineVersion {
        var cacheVersion: String
        var interfaceHash: String

        init?(_ version: String) {
            guard let dash = version.lastIndex(of: "-") else { return nil }
            let hash = version[version.index(after: dash)...]
            guard hash.count == 16, hash.allSatisfy(\.isHexDigit), dash != version.startIndex else { return nil }
            cacheVersion = String(version[..<dash])
            interfaceHash = String(hash)
        }
    }
}
