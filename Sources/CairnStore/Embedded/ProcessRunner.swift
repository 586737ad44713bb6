import CairnCore
import Foundation

/// Runs a program to completion, collecting its output. Blocking.
enum ProcessRunner {
    struct Output {
        var status: Int32
        var text: String
    }

    /// Runs `executable` with `arguments`, as `user` (through `runuser`) when given.
    static func run(_ executable: String, _ arguments: [String], as user: String? = nil) throws -> Output {
        let process = Process()
        if let user {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", user, "--", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        // A file, not a pipe: a daemon started by the child must not hold our pipe open.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw CairnError(.unavailable, "cannot run \(executable): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        try? handle.close()
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return Output(status: process.terminationStatus, text: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
