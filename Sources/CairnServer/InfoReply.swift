import CairnService
import CairnStore
import Foundation

/// The text of `INFO`: Redis's layout (`# Section` then `field:value` lines, CRLF), Cairn's fields.
struct InfoReply {
    static let version = "0.1.0"
    static let defaultSections = ["server", "clients", "stats", "memory", "store", "persistence", "errorstats"]

    /// What the server around the executor knows.
    struct ServerState: Sendable {
        var tcpPort: Int
        var unixSocket: String?
        var connectedClients: Int
        var maxClients: Int
        var maxPipelineDepth: Int
        var idleTimeoutSeconds: Int
        var protectedMode: Bool
        /// The artifact change listener: `listening`, `reconnecting` or `off`.
        var changeNotifications = "off"
        /// The blob check of store hits: `off`, or `exists <blob directory>`.
        var blobCheck = "off"
    }

    let state: ServerState
    let service: CatalogService

    private var stats: ServerStats { service.stats }
    private var hotCache: HotCache { service.hotCache }

    /// The requested sections (`all` and `everything` mean every one; none means the defaults).
    /// Unknown sections are left out, as Redis does.
    func text(_ requested: [String]) -> String {
        let sections =
            requested.isEmpty || requested.contains(where: { $0 == "all" || $0 == "everything" || $0 == "default" })
            ? Self.defaultSections : requested
        return sections.compactMap { name in
            fields(name).map { fields in
                "# \(name.prefix(1).uppercased() + name.dropFirst())\r\n"
                    + fields.map { "\($0.0):\($0.1)\r\n" }.joined()
            }
        }.joined(separator: "\r\n")
    }

    private func fields(_ section: String) -> [(String, String)]? {
        switch section {
        case "server":
            return [
                ("cairn_version", Self.version), ("redis_version", "7.2.0"), ("redis_mode", "standalone"),
                ("process_id", "\(getpid())"), ("tcp_port", "\(state.tcpPort)"),
                ("unix_socket", state.unixSocket ?? ""),
                ("uptime_in_seconds", "\(Int(Date().timeIntervalSince(stats.started)))"),
                ("protected_mode", state.protectedMode ? "yes" : "no"),
            ]
        case "clients":
            return [
                ("connected_clients", "\(state.connectedClients)"), ("maxclients", "\(state.maxClients)"),
                ("max_pipeline_depth", "\(state.maxPipelineDepth)"),
                ("idle_timeout_seconds", "\(state.idleTimeoutSeconds)"),
            ]
        case "stats":
            var fields = ServerStats.Counter.allCases.map { ("total_\($0.name)", "\(stats.value($0))") }
            fields.append(("cache_hits", "\(stats.value(.hotHits) + stats.value(.storeHits))"))
            fields.append(("cache_hit_ratio", String(format: "%.4f", stats.hitRatio)))
            fields += ServerStats.EvictionCause.allCases.map { ("evictions_\($0.rawValue)", "\(stats.evictions($0))") }
            return fields
        case "memory":
            let cache = hotCache.statistics
            return [
                ("used_memory_rss", "\(Self.residentBytes())"),
                ("hot_cache_enabled", hotCache.isEnabled ? "yes" : "no"),
                ("hot_cache_bytes", "\(cache.bytes)"), ("hot_cache_max_bytes", "\(hotCache.configuration.maxBytes)"),
                ("hot_cache_entries", "\(cache.entries)"), ("hot_cache_evictions", "\(cache.evictions)"),
                ("hot_cache_invalidations", "\(cache.invalidations)"), ("hot_cache_policy", "segmented-lru"),
                ("hot_cache_notifications", state.changeNotifications),
            ]
        case "store":
            let configuration = service.storeConfiguration
            return [
                ("store_connections", "\(configuration.connections)"),
                ("store_max_batch", "\(configuration.maxBatch)"),
                ("store_max_queued_requests", "\(configuration.maxQueuedRequests)"),
                ("store_request_timeout_ms", "\(configuration.requestTimeout.components.seconds * 1000)"),
                ("blob_check", state.blobCheck),
            ] + catalogFields
        case "persistence":
            return [("persistence", "postgresql"), ("durable_writes", "yes"), ("rdb_bgsave_in_progress", "0")]
        case "errorstats":
            return stats.errorCounts.sorted { $0.key < $1.key }.map { ("errorstat_\($0.key)", "count=\($0.value)") }
        default:
            return nil
        }
    }

    /// The catalog's size and budget as the budget keeper last read them (`-1` before the first
    /// reading, `0` for no budget).
    private var catalogFields: [(String, String)] {
        let reading = stats.catalogReading
        return [
            ("catalog_bytes", "\(reading?.size.bytes ?? -1)"),
            ("catalog_artifacts", "\(reading?.size.artifacts ?? -1)"),
            ("max_size", "\(reading?.maxBytes ?? 0)"), ("max_size_low_water", "\(reading?.lowWaterBytes ?? 0)"),
        ]
    }

    /// Resident set size from `/proc/self/statm` (pages), or 0 where there is none.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
