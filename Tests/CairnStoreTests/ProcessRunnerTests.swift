import Foundation
import Testing

@testable import CairnStore

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct ProcessRunnerTests {
    /// Whether the child sees each descriptor, as a shell's `[ -e /proc/self/fd/N ]` reports it.
    static func openInChild(_ numbers: [Int32], descriptors: [Int32: Int32] = [:]) throws -> [Int32: Bool] {
        let checks = numbers.map { "[ -e /proc/self/fd/\($0) ] && echo \($0)=open || echo \($0)=closed" }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID()).out").path
        defer { unlink(log) }
        let pid = try ProcessRunner.spawn(
            ["/bin/sh", "-c", checks.joined(separator: "; ")], output: log, descriptors: descriptors)
        #expect(try ProcessRunner.wait(pid) == 0)
        let text = try String(contentsOfFile: log, encoding: .utf8)
        var seen: [Int32: Bool] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=")
            if parts.count == 2, let number = Int32(parts[0]) { seen[number] = parts[1] == "open" }
        }
        return seen
    }

    /// A descriptor without close-on-exec (as NIO accepts client sockets) must not reach a task
    /// or a daemon: its copy would keep the connection open after the server closed it.
    @Test func aChildGetsNoDescriptorItWasNotGiven() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let inherited = dup2(ends[1], 200)
        try #require(inherited == 200)
        defer {
            close(ends[0])
            close(ends[1])
            close(inherited)
        }
        let seen = try Self.openInChild([1, 2, 5, 200])
        #expect(seen == [1: true, 2: true, 5: false, 200: false])
    }

    @Test func descriptorsGivenReachTheChildAndOnlyThose() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        let seen = try Self.openInChild([3, 4, 5, 6], descriptors: [5: ends[1]])
        #expect(seen == [3: false, 4: false, 5: true, 6: false])
    }
}
