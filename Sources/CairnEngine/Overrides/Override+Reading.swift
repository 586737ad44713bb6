import CairnCore
import Yams

extension Override {
    /// Sets one field from its YAML value (later settings win; `environment`, `resources` and
    /// `task_config` merge key by key).
    /// - Parameter label: how errors name the field, such as `char_index.retries`.
    mutating func set(_ field: String, from value: Node, label: String, diagnostics: inout Diagnostics) {
        switch field {
        case "cache":
            if let flag = diagnostics.bool(value, scope: .workflow, field: label) { cache = flag }
        case "cache_version":
            if let version = SettingsSpec.readVersion(value, scope: .workflow, field: label, diagnostics: &diagnostics)
            {
                cacheVersion = version
            }
        case "serialize":
            if let flag = diagnostics.bool(value, scope: .workflow, field: label) { serialize = flag }
        case "retries":
            if let count = diagnostics.count(value, scope: .workflow, field: label) { retries = count }
        case "timeout":
            if let duration = diagnostics.duration(value, scope: .workflow, field: label) { timeout = duration }
        case "environment":
            if let variables = diagnostics.environment(value, scope: .workflow, field: label) {
                environment.merge(variables) { _, new in new }
            }
        case "resources":
            if let resources = SettingsSpec.readResources(
                value, scope: .workflow, field: label, diagnostics: &diagnostics)
            {
                memoryBytes = resources.memoryBytes ?? memoryBytes
                cpuSeconds = resources.cpuSeconds ?? cpuSeconds
            }
        case "task_config":
            if case .map(let config)? = SettingsSpec.readTaskConfig(
                value, scope: .workflow, field: label, diagnostics: &diagnostics)
            {
                taskConfig.merge(config) { _, new in new }
            }
        default:
            diagnostics.report(
                .unknownKey, "unknown field \"\(field)\" (allowed: \(listText(Self.fields)))", at: value, field: label)
        }
    }
}
