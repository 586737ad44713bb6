import Foundation

/// The results of `cairn bench grpc`, as tables for people or JSON for scripts.
struct GRPCBenchReport: Codable {
    /// One case: propeller's lookup pair over gRPC beside `CACHE.GET` of the same keys.
    struct Row: Codable {
        var name: String
        var pair: ClosedLoop.Measurement
        var cacheGet: ClosedLoop.Measurement
        var ratio: Double { cacheGet.perSecond > 0 ? pair.perSecond / cacheGet.perSecond : 0 }
    }

    /// What PostgreSQL ran during one case's gRPC lookups.
    struct Statements: Codable {
        var name: String
        var lookups: Int
        /// Statements (or transactions) counted between the readings around the case.
        var counted: Int
        /// Of which the hit recorder's batched writes (pg_stat_statements only).
        var hitRecording: Int?
        /// Time between the two readings.
        var seconds: Double
        /// The idle rate times the time between the readings: what would have been counted anyway.
        var idleNoise: Double
        /// False when a transaction count did not settle before it was read.
        var settled: Bool
        var perLookup: Double { lookups > 0 ? max(0, Double(counted) - idleNoise) / Double(lookups) : 0 }
    }

    var artifacts: Int
    var valueSize: Int
    var callers: Int
    var count: Int
    var seconds: Int
    var grpc: String
    var resp: String
    var cold: String?
    var load: ClosedLoop.Measurement?
    var rows: [Row] = []
    /// `pg_stat_statements` or `pg_stat_database`, when statements were counted.
    var counter: String?
    var database: String?
    /// Statements per second with no load, over an interval as long as the hot case.
    var idlePerSecond: Double?
    var statements: [Statements] = []

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
        func row(_ cells: [String], _ widths: [Int]) -> String {
            zip(cells, widths).map { cell, width in
                cell.count >= width ? " " + cell : String(repeating: " ", count: width - cell.count) + cell
            }.joined()
        }
        var lines = [
            "cairn bench grpc: \(artifacts) artifacts x \(valueSize) B, \(callers) callers on one connection "
                + "per protocol, \(count) lookups per case (at most \(seconds) s)",
            "gRPC \(grpc), RESP \(resp)" + (cold.map { "; hot cache off: \($0)" } ?? ""),
        ]
        if let load { lines.append("load: \(number(load.perSecond)) CreateArtifact+AddTag/s") }
        lines.append("")
        func micros(_ value: Double?) -> String { value.map { String(format: "%.0f", $0) } ?? "-" }
        let widths = [20, 9, 8, 8, 8, 9, 12, 8, 8, 8, 9, 7]
        lines.append(
            row(
                [
                    "case", "pair/s", "p50 us", "p99 us", "srv us", "bench us", "CACHE.GET/s", "p50 us", "p99 us",
                    "srv us", "bench us", "ratio",
                ], widths))
        for entry in rows {
            let (pair, get) = (entry.pair, entry.cacheGet)
            lines.append(
                row(
                    [
                        entry.name, number(pair.perSecond), number(pair.p50Microseconds), number(pair.p99Microseconds),
                        micros(pair.serverMicroseconds), micros(pair.benchMicroseconds), number(get.perSecond),
                        number(get.p50Microseconds), number(get.p99Microseconds), micros(get.serverMicroseconds),
                        micros(get.benchMicroseconds), String(format: "%.2fx", entry.ratio),
                    ], widths))
        }
        lines.append(
            "(pair: GetDataset then GetArtifact by tag, as flytepropeller looks up; target >= 0.50x. "
                + "srv/bench us: CPU per lookup of the server and of this load generator)")
        if let counter, let database {
            let unit = counter == StatementCounter.Method.statements.rawValue ? "statements" : "transactions"
            lines.append("")
            lines.append(
                "SQL \(unit) per gRPC lookup (\(counter), database \(database); idle "
                    + String(format: "%.2f", idlePerSecond ?? 0) + "/s subtracted)")
            let widths = [20, 10, 12, 15, 12, 12]
            lines.append(row(["case", "lookups", unit, "hit recording", "idle noise", "per lookup"], widths))
            for entry in statements {
                lines.append(
                    row(
                        [
                            entry.name, "\(entry.lookups)", "\(entry.counted)" + (entry.settled ? "" : "~"),
                            entry.hitRecording.map { "\($0)" } ?? "-", String(format: "%.1f", entry.idleNoise),
                            String(format: "%.4f", entry.perLookup),
                        ], widths))
            }
            lines.append("(target: 0 per hot hit, at most 1 per miss; ~: the count had not settled when read)")
        }
        return lines.joined(separator: "\n")
    }
}
