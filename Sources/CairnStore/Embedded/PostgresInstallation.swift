import CairnCore
import Foundation

/// Where the PostgreSQL server programs (initdb, pg_ctl) are installed.
public struct PostgresInstallation: Sendable {
    /// The directory holding `initdb`, `pg_ctl` and `postgres`.
    public let binDirectory: String

    public var initdb: String { binDirectory + "/initdb" }
    public var pgCtl: String { binDirectory + "/pg_ctl" }

    /// Finds the server: `pg_config --bindir` first, then the newest `/usr/lib/postgresql/*/bin`.
    /// - Throws: ``CairnError/Code/unavailable`` saying what to install.
    public static func locate() throws -> PostgresInstallation {
        var candidates: [String] = []
        for pgConfig in ["/usr/bin/pg_config", "/usr/local/bin/pg_config"]
        where FileManager.default.isExecutableFile(atPath: pgConfig) {
            if let output = try? ProcessRunner.run(pgConfig, ["--bindir"]), output.status == 0 {
                candidates.append(output.text)
            }
        }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        candidates += versions.map { "\(root)/\($0)/bin" }
        for directory in candidates
        where FileManager.default.isExecutableFile(atPath: directory + "/initdb")
            && FileManager.default.isExecutableFile(atPath: directory + "/pg_ctl")
        {
            return PostgresInstallation(binDirectory: directory)
        }
        throw CairnError(
            .unavailable,
            "PostgreSQL server programs (initdb, pg_ctl) were not found (looked in `pg_config --bindir` and "
                + "\(root)/*/bin). Install the server (Debian: apt-get install -y postgresql) or give "
                + "--database-url / CAIRN_DATABASE_URL.")
    }
}
