import Foundation

extension CacheExplanation {
    /// One line for people: the cause, then each difference.
    public var summary: String {
        switch cause {
        case .live:
            return "not a miss: the key holds live artifact \(artifact.map { "\($0)" } ?? "?")"
        case .expired:
            return "expired at \(Self.text(expiresAt)) (artifact \(artifact.map { "\($0)" } ?? "?") created "
                + "\(Self.text(createdAt)); not swept yet)"
        case .removed:
            let by =
                switch removedBy {
                case "expiry": "the expiry sweeper (it expired at \(Self.text(expiresAt)))"
                case "purge": "a purge"
                case "budget": "eviction to keep the catalog within its size budget"
                case "evict": "CACHE.EVICT"
                default: "a delete"
                }
            return "removed at \(Self.text(removedAt)) by \(by) (artifact \(artifact.map { "\($0)" } ?? "?") created "
                + "\(Self.text(createdAt)))"
        case .neverSeen:
            return "never seen: nothing of this task was ever stored"
        case .differs:
            guard let nearest else { return "differs" }
            let parts = differences.map(\.text)
            return "nearest earlier result \(nearest.artifact) of \(nearest.dataset) (created "
                + "\(Self.text(nearest.createdAt)), shares \(nearest.sharedInputs) of \(inputCount) inputs): "
                + (parts.isEmpty
                    ? "no difference recorded (its inputs may be ignored ones)" : parts.joined(separator: "; "))
        }
    }

    static func text(_ date: Date?) -> String {
        guard let date else { return "never" }
        return RFC3339.format(nanoseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()) * 1_000_000)
    }

    /// One JSON object: `cause`, `summary`, the key's artifact and times (ms), `nearest`, `differences`.
    public func jsonText() -> String {
        var fields: [String: Literal] = [
            "cause": .string(cause.rawValue), "summary": .string(summary),
            "differences": .list(differences.map(\.literal)),
        ]
        if let artifact { fields["artifact"] = .string(artifact.description) }
        for (key, date) in [("created", createdAt), ("expires", expiresAt), ("removed", removedAt)] {
            if let date { fields[key] = .int(date.unixMilliseconds) }
        }
        if let removedBy { fields["removed_by"] = .string(removedBy) }
        if let nearest {
            fields["nearest"] = .structure([
                "dataset": .string(nearest.dataset.description), "artifact": .string(nearest.artifact.description),
                "created": .int(nearest.createdAt.unixMilliseconds), "shared_inputs": .int(Int64(nearest.sharedInputs)),
                "metadata": .map(nearest.metadata.mapValues(Literal.string)),
            ])
        }
        return Literal.structure(fields).jsonText()
    }
}

extension CacheExplanation.Difference {
    /// `input x changed: 3 → 4`, `cache version 1 → 2`, ….
    public var text: String {
        let before = oldPreview ?? old.map(Self.short) ?? "?"
        let after = newPreview ?? new.map(Self.short) ?? "?"
        switch kind {
        case "input_changed": return "input \(name ?? "?") changed: \(before) → \(after)"
        case "input_added": return "input \(name ?? "?") added (\(after))"
        case "input_removed": return "input \(name ?? "?") removed (was \(before))"
        case "input_retyped", "output_retyped":
            return "\(kind.hasPrefix("input") ? "input" : "output") \(name ?? "?") retyped: \(before) → \(after)"
        case "output_added": return "output \(name ?? "?") added (\(after))"
        case "output_removed": return "output \(name ?? "?") removed (was \(before))"
        case "cache_version": return "cache version \(before) → \(after)"
        case "interface": return "task interface changed (\(before) → \(after))"
        case "inputs_unrecorded":
            return "it records no input digests (written before they were kept, or not by the engine)"
        default: return "\(kind.replacingOccurrences(of: "_", with: " ")) \(before) → \(after)"
        }
    }

    /// A digest cut to 12 hex digits, for text.
    static func short(_ value: String) -> String {
        value.count == 64 && value.allSatisfy(\.isHexDigit) ? String(value.prefix(12)) + "…" : value
    }

    var literal: Literal {
        var fields: [String: Literal] = ["kind": .string(kind)]
        for (key, value) in [
            ("name", name), ("old", old), ("new", new), ("old_preview", oldPreview), ("new_preview", newPreview),
        ] {
            if let value { fields[key] = .string(value) }
        }
        return .structure(fields)
    }
}

extension CacheExplanation {
    /// Replaces an `interface` difference with what changed in it, when the nearest result records its
    /// interface (the engine's `cairn.interface` metadata, JSON `{"inputs":{name:type},"outputs":{…}}`)
    /// and `current` is this task's: inputs and outputs added, removed or retyped.
    public mutating func detailInterface(current: String, key: String = "cairn.interface") {
        guard let index = differences.firstIndex(where: { $0.kind == "interface" }),
            let recorded = nearest?.metadata[key], let old = Self.interface(recorded), let new = Self.interface(current)
        else { return }
        var details: [Difference] = []
        for side in ["input", "output"] {
            let before = old[side + "s"] ?? [:]
            let after = new[side + "s"] ?? [:]
            for name in Set(before.keys).union(after.keys).sorted() {
                switch (before[name], after[name]) {
                case (let was?, let now?) where was != now:
                    details.append(Difference(kind: side + "_retyped", name: name, old: was, new: now))
                case (nil, let now?):
                    // An added or removed input also shows among the input digests; say it once.
                    if side == "output" || !differences.contains(where: { $0.kind == "input_added" && $0.name == name })
                    {
                        details.append(Difference(kind: side + "_added", name: name, new: now))
                    }
                case (let was?, nil):
                    if side == "output"
                        || !differences.contains(where: { $0.kind == "input_removed" && $0.name == name })
                    {
                        details.append(Difference(kind: side + "_removed", name: name, old: was))
                    }
                default: break
                }
            }
        }
        // What the interface's digest covers is now said in full (added or removed inputs among the digests).
        differences.replaceSubrange(index...index, with: details)
    }

    static func interface(_ text: String) -> [String: [String: String]]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            return nil
        }
        var result: [String: [String: String]] = [:]
        for side in ["inputs", "outputs"] { result[side] = object[side] as? [String: String] ?? [:] }
        return result
    }
}
