import CairnCore

extension MetadataFilter {
    /// Objects whose containment, each as `metadata @> $n::jsonb` (which the GIN indexes on
    /// `metadata` answer), states the filter together: the first holds each key's first value, the
    /// next each key's second, and so on. There is a second only when a key has two values, and then
    /// the conditions match nothing, as the filter says.
    var containmentObjects: [[String: String]] {
        var objects: [[String: String]] = []
        for (key, wanted) in values {
            for (index, value) in wanted.sorted().enumerated() {
                if index == objects.count { objects.append([:]) }
                objects[index][key] = value
            }
        }
        return objects
    }
}
