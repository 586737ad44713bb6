import CairnCore
import CairnStore
import Foundation

/// Runs `pgbench` with a custom script and reads its throughput: the peer in `cairn bench store`.
struct PGBench {
    let executable: String
    let databaseURL: String

    /// Finds pgbench beside the PostgreSQL server programs or on the PATH.
    static func locate(databaseURL: String) throws -> PGBench {
        var candidates: [String] = []
        if let installation = try? PostgresInstallation.locate() {
            candidates.append(installation.binDirectory + "/pgbench")
        }
        candidates += ["/usr/bin/pgbench", "/usr/local/bin/pgbench"]
        guard let found = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw CairnError(
                .unavailable,
                "pgbench not found: install postgresql-contrib / postgresql-client, or pass --skip-pgbench")
        }
        return PGBench(executable: found, databaseURL: databaseURL)
    }

    /// Runs `script` with `clients` clients (one thread each) for `seconds`, prepared statements.
    /// - Returns: transactions per second, without connection time.
    func run(script: String, clients: Int, seconds: Int) throws -> Double {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cairn-pgbench-\(UUID().uuidString).sql")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let arguments = [
            "-n", "-M", "prepared", "-f", file.path, "-c", "\(clients)", "-j", "\(clients)",
            "-T", "\(seconds)", databaseURL,
        ]
        let output = try ProcessRunner.run(executable, arguments)
        guard output.status == 0,
            let line = output.text.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let tps = Double(line.dropFirst(6).prefix { $0 != " " })
        else {
            throw CairnError(.internalError, "pgbench failed (exit \(output.status)): \(output.text.suffix(1500))")
        }
        return tps
    }
}
