import CairnClient
import Foundation

/// The CPU time (user and system) a process on this machine has used, from `/proc/<pid>/stat`:
/// `cairn bench grpc` reads it for the server and for itself around each case, which a shared
/// machine's noise moves far less than throughput, and which tells the server's cost from the
/// load generator's.
struct ProcessCPU: Sendable {
    let pid: Int32

    /// This process.
    static var current: ProcessCPU { ProcessCPU(pid: getpid()) }

    /// The `cairn serve` behind `client`, when it runs on this machine (a loopback or Unix-socket
    /// endpoint, and the `process_id` it reports is a `cairn … serve` here); `nil` otherwise.
    static func server(_ client: CairnClient) async -> ProcessCPU? {
        switch client.configuration.endpoint {
        case .unix: break
        case .tcp(let host, _) where ["127.0.0.1", "localhost", "::1"].contains(host): break
        case .tcp: return nil
        }
        guard let info = try? await client.info(section: "server"),
            let line = info.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("process_id:") }),
            let pid = Int32(line.dropFirst("process_id:".count).trimmingCharacters(in: .whitespaces)),
            let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
            String(decoding: command, as: UTF8.self).split(separator: "\0").contains("serve")
        else { return nil }
        return ProcessCPU(pid: pid)
    }

    /// Seconds of CPU used so far; `nil` when the process is gone.
    func seconds() -> Double? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        // After the command name in parentheses (which may hold spaces): state is the first field,
        // utime the 12th and stime the 13th.
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
