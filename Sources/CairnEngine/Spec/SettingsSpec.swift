import CairnCore
import Yams

/// Reads a task's settings: `cache`, `retries`, `timeout`, `environment`, `resources`, `task_config`.
enum SettingsSpec {
    static let cacheKeys = ["enabled", "version", "serialize", "ignore_inputs", "ttl", "ttl_after_last_hit"]
    static let resourceKeys = ["memory", "cpu"]

    static func read(
        _ mapping: SpecMapping, task: CompiledTask, scope: Scope, diagnostics: inout Diagnostics
    ) -> TaskSettings {
        var settings = TaskSettings()
        if let node = mapping["cache"] {
            settings.cache = readCache(node, task: task, scope: scope, diagnostics: &diagnostics)
        }
        if let node = mapping["retries"], let retries = diagnostics.count(node, scope: scope, field: "retries") {
            settings.retries = retries
        }
        if let node = mapping["timeout"] {
            settings.timeout = diagnostics.duration(node, scope: scope, field: "timeout")
        }
        if let node = mapping["environment"] {
            settings.environment = diagnostics.environment(node, scope: scope, field: "environment") ?? [:]
        }
        if let node = mapping["resources"] {
            settings.resources = readResources(node, scope: scope, diagnostics: &diagnostics) ?? Resources()
        }
        if let node = mapping["task_config"] {
            settings.taskConfig = readTaskConfig(node, scope: scope, diagnostics: &diagnostics)
        }
        return settings
    }

    /// `cache: true`, `cache: false`, or a mapping (whose `enabled` defaults to true).
    private static func readCache(
        _ node: Node, task: CompiledTask, scope: Scope, diagnostics: inout Diagnostics
    ) -> CacheSettings {
        var cache = CacheSettings()
        guard case .mapping = node else {
            cache.enabled = diagnostics.bool(node, scope: scope, field: "cache") ?? false
            return cache
        }
        guard
            let mapping = SpecMapping(node, field: "cache", scope: scope, allowed: cacheKeys, diagnostics: &diagnostics)
        else { return cache }
        cache.enabled = true
        if let node = mapping["enabled"], let enabled = diagnostics.bool(node, scope: scope, field: "cache.enabled") {
            cache.enabled = enabled
        }
        if let node = mapping["version"],
            let version = readVersion(node, scope: scope, field: "cache.version", diagnostics: &diagnostics)
        {
            cache.version = version
        }
        if let node = mapping["serialize"],
            let serialize = diagnostics.bool(node, scope: scope, field: "cache.serialize")
        {
            cache.serialize = serialize
        }
        if let node = mapping["ttl"], let ttl = readTTL(node, scope: scope, field: "cache.ttl", &diagnostics) {
            cache.ttl = ttl
        }
        if let node = mapping["ttl_after_last_hit"] {
            // One expiry per artifact: a sliding TTL moves the one a TTL from the write would set.
            if mapping["ttl"] != nil {
                diagnostics.report(
                    .invalidValue, "cannot be combined with cache.ttl (give one: from the write, or from the last hit)",
                    at: node, scope: scope, field: "cache.ttl_after_last_hit")
            } else if let ttl = readTTL(node, scope: scope, field: "cache.ttl_after_last_hit", &diagnostics) {
                cache.ttl = ttl
                cache.ttlCountsFromLastHit = true
            }
        }
        if let node = mapping["ignore_inputs"],
            let names = diagnostics.stringList(node, scope: scope, field: "cache.ignore_inputs")
        {
            let declared = task.inputs.map(\.name)
            for name in names where !declared.contains(name) {
                diagnostics.report(
                    .unknownName, "the task has no input \"\(name)\" (inputs: \(listText(declared)))", at: node,
                    scope: scope, field: "cache.ignore_inputs")
            }
            var seen = Set<String>()
            cache.ignoreInputs = names.filter { declared.contains($0) && seen.insert($0).inserted }
        }
        return cache
    }

    /// A TTL in the catalog's range, checked here so a bad TTL fails the compile, not every put.
    private static func readTTL(
        _ node: Node, scope: Scope, field: String, _ diagnostics: inout Diagnostics
    ) -> Duration? {
        guard let ttl = diagnostics.duration(node, scope: scope, field: field) else { return nil }
        guard (try? ttl.validatedTTL()) != nil else {
            diagnostics.report(
                .invalidValue, "must be at least 1s and at most \(NumericRange.ttlSeconds.upper)s (100 years)",
                at: node, scope: scope, field: field)
            return nil
        }
        return ttl
    }

    /// A cache version: part of a dataset version, so a catalog name.
    static func readVersion(_ node: Node, scope: Scope, field: String, diagnostics: inout Diagnostics) -> String? {
        guard let text = diagnostics.string(node, scope: scope, field: field) else { return nil }
        do {
            try Identifier.validateName(text, field: field, maxLength: 32)
            return text
        } catch {
            diagnostics.report(
                .invalidValue, messageText(of: error, field: field), at: node, scope: scope, field: field)
            return nil
        }
    }

    /// `{memory: 512MiB, cpu: 10s}`, each optional.
    static func readResources(
        _ node: Node, scope: Scope, field: String = "resources", diagnostics: inout Diagnostics
    ) -> Resources? {
        guard
            let mapping = SpecMapping(
                node, field: field, scope: scope, allowed: resourceKeys, diagnostics: &diagnostics)
        else { return nil }
        var resources = Resources()
        if let node = mapping["memory"] {
            resources.memoryBytes = diagnostics.byteSize(node, scope: scope, field: "\(field).memory")
        }
        if let node = mapping["cpu"] {
            resources.cpuSeconds = diagnostics.seconds(node, scope: scope, field: "\(field).cpu")
        }
        return resources
    }

    /// A free mapping handed to the task as JSON.
    static func readTaskConfig(
        _ node: Node, scope: Scope, field: String = "task_config", diagnostics: inout Diagnostics
    ) -> Literal? {
        guard case .mapping = node else {
            diagnostics.report(
                .invalidValue, "expected a mapping, got \(node.kindText)", at: node, scope: scope, field: field)
            return nil
        }
        switch node.untypedLiteral() {
        case .success(let literal):
            return literal
        case .failure(let problem):
            diagnostics.report(.invalidValue, problem.message, at: node, scope: scope, field: field)
            return nil
        }
    }
}

/// Names for an error message: sorted, comma-separated, or `none`.
func listText(_ names: some Sequence<String>) -> String {
    let sorted = names.sorted()
    return sorted.isEmpty ? "none" : sorted.joined(separator: ", ")
}
