import Foundation

/// The results of `cairn bench store`, as a table for people or JSON for scripts.
struct StoreBenchReport: Codable {
    struct Row: Codable {
        var concurrency: Int
        var cairn: StoreBenchmark.Measurement
        var pgbenchPerSecond: Double?
    }

    var artifacts: Int
    var valueSize: Int
    var seconds: Int
    var connections: Int
    var synchronousCommit = "unknown"
    var load: StoreBenchmark.Measurement?
    var gets: [Row] = []
    var puts: [Row] = []
    var pgbenchUpsertPerSecond: Double?

    func note(_ text: String, quiet: Bool) {
        if !quiet { FileHandle.standardError.write(Data("bench: \(text)\n".utf8)) }
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    func text() -> String {
        func number(_ value: Double) -> String { String(format: "%.0f", value) }
        func ratio(_ value: Double?, _ peer: Double?) -> String {
            guard let value, let peer, peer > 0 else { return "-" }
            return String(format: "%.2fx", value / peer)
        }
        var lines = [
            "cairn bench store: \(artifacts) artifacts x \(valueSize) B, \(seconds) s per run, "
                + "\(connections) connections, synchronous_commit=\(synchronousCommit)"
        ]
        if let load { lines.append("load: \(number(load.perSecond)) puts/s (concurrency 64)") }
        lines.append("")
        func row(_ cells: [String]) -> String {
            let widths = [10, 13, 9, 9, 19, 8]
            return zip(cells, widths).map { cell, width in
                String(repeating: " ", count: max(0, width - cell.count)) + cell
            }.joined()
        }
        lines.append(row(["lookups", "store.get/s", "p50 us", "p99 us", "pgbench SELECT/s", "ratio"]))
        for entry in gets {
            lines.append(
                row([
                    "c=\(entry.concurrency)", number(entry.cairn.perSecond), number(entry.cairn.p50Microseconds),
                    number(entry.cairn.p99Microseconds), entry.pgbenchPerSecond.map(number) ?? "-",
                    ratio(entry.cairn.perSecond, entry.pgbenchPerSecond),
                ]))
        }
        lines.append("")
        lines.append(row(["puts", "store.put/s", "p50 us", "p99 us", "pgbench upsert/s", "ratio"]))
        for entry in puts {
            lines.append(
                row([
                    "c=\(entry.concurrency)", number(entry.cairn.perSecond), number(entry.cairn.p50Microseconds),
                    number(entry.cairn.p99Microseconds), pgbenchUpsertPerSecond.map(number) ?? "-",
                    ratio(entry.cairn.perSecond, pgbenchUpsertPerSecond),
                ]))
        }
        if let upsert = pgbenchUpsertPerSecond {
            lines.append(
                "(pgbench upsert: \(number(upsert))/s with its own client count; ratios of puts are against it)")
        }
        return lines.joined(separator: "\n")
    }
}
