extension Overrides {
    /// Adds `other`'s overrides; for a name both set, `other`'s fields win field by field.
    public mutating func merge(_ other: Overrides) {
        for (name, override) in other.overrides {
            let merged = overrides[name].map { $0.merging(override) } ?? override
            record(merged, name: name, origin: other.origins[name] ?? Origin(file: "overrides", line: nil))
        }
    }
}

extension Override {
    /// This override with `other`'s set fields on top.
    public func merging(_ other: Override) -> Override {
        var merged = self
        merged.cache = other.cache ?? cache
        merged.cacheVersion = other.cacheVersion ?? cacheVersion
        merged.serialize = other.serialize ?? serialize
        merged.retries = other.retries ?? retries
        merged.timeout = other.timeout ?? timeout
        merged.environment.merge(other.environment) { _, new in new }
        merged.memoryBytes = other.memoryBytes ?? memoryBytes
        merged.cpuSeconds = other.cpuSeconds ?? cpuSeconds
        merged.taskConfig.merge(other.taskConfig) { _, new in new }
        return merged
    }
}
