import Foundation

extension ServerStats {
    /// The Prometheus text exposition (version 0.0.4): every counter, error replies by prefix, the
    /// gauges passed in, and the latency histograms.
    public func prometheusText(gauges: [(name: String, help: String, value: Double)] = []) -> String {
        var text = ""
        for counter in Counter.allCases {
            let name = "cairn_\(counter.name)_total"
            text += "# TYPE \(name) counter\n\(name) \(value(counter))\n"
        }
        text += "# HELP cairn_evictions_total Artifacts that left the catalog, by cause.\n"
        text += "# TYPE cairn_evictions_total counter\n"
        for cause in EvictionCause.allCases {
            text += "cairn_evictions_total{cause=\"\(cause.rawValue)\"} \(evictions(cause))\n"
        }
        text += "# TYPE cairn_error_replies_total counter\n"
        for (prefix, count) in errorCounts.sorted(by: { $0.key < $1.key }) {
            text += "cairn_error_replies_total{prefix=\"\(prefix)\"} \(count)\n"
        }
        for gauge in gauges + catalogGauges {
            text += "# HELP cairn_\(gauge.name) \(gauge.help)\n# TYPE cairn_\(gauge.name) gauge\n"
            text += "cairn_\(gauge.name) \(gauge.value)\n"
        }
        text += registry.emitToString()
        return text
    }

    /// The catalog's size and budget, once the budget keeper has read them.
    private var catalogGauges: [(name: String, help: String, value: Double)] {
        guard let reading = catalogReading else { return [] }
        var gauges: [(name: String, help: String, value: Double)] = [
            (
                "catalog_bytes", "Inline bytes plus blob sizes of all artifacts, as last read.",
                Double(reading.size.bytes)
            ),
            ("catalog_artifacts", "Artifacts in the catalog, as last read.", Double(reading.size.artifacts)),
        ]
        if let maxBytes = reading.maxBytes {
            gauges.append(("catalog_max_bytes", "The catalog's budget (--max-size).", Double(maxBytes)))
        }
        return gauges
    }
}
