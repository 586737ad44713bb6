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
        text += "# TYPE cairn_error_replies_total counter\n"
        for (prefix, count) in errorCounts.sorted(by: { $0.key < $1.key }) {
            text += "cairn_error_replies_total{prefix=\"\(prefix)\"} \(count)\n"
        }
        for gauge in gauges {
            text += "# HELP cairn_\(gauge.name) \(gauge.help)\n# TYPE cairn_\(gauge.name) gauge\n"
            text += "cairn_\(gauge.name) \(gauge.value)\n"
        }
        text += registry.emitToString()
        return text
    }
}
