import CairnProtocol
import CairnServer
import CairnTestSupport
import Foundation
import Synchronization
import Testing

/// Hostile input against a live server: every malformed frame is answered and/or closed, never left
/// hanging, other clients are served correctly meanwhile, and nothing accumulates.
@Suite struct MalformedInputServerTests {
    @Test func everyMalformedFrameIsAnsweredOrClosedWhileAWellBehavedClientIsServedCorrectly() async throws {
        var generator = MalformedFrames(seed: 2026)
        let frames = generator.corpus(count: 60 * MalformedFrames.kinds)
        // Resident memory is the whole test process's: keep the engine's big workflows out of it.
        try await MemoryQuiet.shared.measuring { try await Self.barrage(frames) }
    }

    static func barrage(_ frames: [MalformedFrames.Frame]) async throws {
        try await withServer(configure: { $0.limits = MalformedFrames.limits }) { port, catalog in
            let residentBefore = Self.residentBytes()
            let progress = Progress()
            let (failures, roundsDuring) = try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await Self.putAndGet(port: port, until: progress) }
                let failures = try await Self.throwFrames(frames, port: port, concurrently: 16)
                // Served during the barrage and after it.
                let roundsDuring = progress.rounds
                let deadline = ContinuousClock.now + .seconds(10)
                while progress.rounds < roundsDuring + 5, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
                progress.stop()
                try await group.next()
                return (failures, roundsDuring)
            }
            #expect(failures.count == 0, "frames that misbehaved (of \(frames.count)): \(failures.prefix(5))")
            #expect(roundsDuring > 0, "the well-behaved client was served while the frames arrived")
            #expect(progress.rounds >= roundsDuring + 5, "the well-behaved client is served afterwards")

            let ping = try await FrameClient.send(Array("PING\r\n".utf8), port: port)
            #expect(ping.reply == Array("+PONG\r\n".utf8) && ping.closed)
            let deadline = ContinuousClock.now + .seconds(30)
            while catalog.connectedClients > 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(catalog.connectedClients == 0, "every connection was closed")
            let growth = Self.residentBytes() - residentBefore
            #expect(growth < 64 << 20, "resident memory grew by \(growth >> 20) MiB")
        }
    }

    @Test func framesLeftUnfinishedAreClosedByTheIdleTimeout() async throws {
        var generator = MalformedFrames(seed: 7)
        let truncated = generator.corpus(count: 40).filter { $0.kind.hasPrefix("truncated") }
        try await withServer(configure: { $0.idleTimeout = .milliseconds(500) }) { port, _ in
            try await withThrowingTaskGroup(of: FrameClient.Outcome.self) { group in
                for frame in truncated {
                    group.addTask { try await FrameClient.send(frame.bytes, port: port, shutOutput: false) }
                }
                for try await outcome in group {
                    #expect(outcome.closed && outcome.reply.isEmpty, "\(outcome)")
                }
            }
        }
    }

    /// Sends every frame on its own connection, at most `limit` at a time; what went wrong, per frame.
    static func throwFrames(_ frames: [MalformedFrames.Frame], port: Int, concurrently limit: Int) async throws
        -> [String]
    {
        try await withThrowingTaskGroup(of: String?.self) { group in
            var failures: [String] = []
            for (index, frame) in frames.enumerated() {
                if index >= limit, let failure = try await group.next() { failures += failure.map { [$0] } ?? [] }
                group.addTask {
                    let outcome = try await FrameClient.send(frame.bytes, port: port)
                    let shown = String(decoding: frame.bytes.prefix(60), as: UTF8.self).debugDescription
                    return check(outcome, frame).map { "#\(index) \(frame.kind) \(shown): \($0)" }
                }
            }
            for try await failure in group { failures += failure.map { [$0] } ?? [] }
            return failures
        }
    }

    /// What is wrong with the server's answer to `frame`, or nil.
    static func check(_ outcome: FrameClient.Outcome, _ frame: MalformedFrames.Frame) -> String? {
        let reply = String(decoding: outcome.reply, as: UTF8.self)
        guard outcome.closed else { return "not closed within 20 s (got \(reply.debugDescription))" }
        switch frame.expected {
        case .exactly(let expected):
            return outcome.reply == Array(expected.utf8)
                ? nil : "expected \(expected.debugDescription), got \(reply.debugDescription)"
        case .onlyErrors:
            guard let types = replyTypes(outcome.reply), types.allSatisfy({ $0 == UInt8(ascii: "-") }) else {
                return "expected only error replies, got \(reply.debugDescription)"
            }
            return nil
        case .wellFormed:
            return replyTypes(outcome.reply) == nil ? "malformed reply \(reply.debugDescription)" : nil
        }
    }

    /// The type bytes of the top-level replies in `bytes`, or nil when they are not complete RESP2.
    static func replyTypes(_ bytes: [UInt8]) -> [UInt8]? {
        var index = 0
        func line() -> String? {
            var end = index
            while end + 1 < bytes.count, !(bytes[end] == 13 && bytes[end + 1] == 10) { end += 1 }
            guard end + 1 < bytes.count else { return nil }
            defer { index = end + 2 }
            return String(decoding: bytes[index..<end], as: UTF8.self)
        }
        func value() -> Bool {
            let type = bytes[index]
            index += 1
            guard let text = line() else { return false }
            switch UnicodeScalar(type) {
            case "+", "-": return true
            case ":": return Int(text) != nil
            case "$":
                guard let length = Int(text) else { return false }
                if length < 0 { return true }
                guard index + length + 2 <= bytes.count, bytes[index + length] == 13, bytes[index + length + 1] == 10
                else { return false }
                index += length + 2
                return true
            case "*":
                guard let count = Int(text) else { return false }
                return (0..<max(count, 0)).allSatisfy { _ in index < bytes.count && value() }
            default: return false
            }
        }
        var types: [UInt8] = []
        while index < bytes.count {
            types.append(bytes[index])
            guard value() else { return nil }
        }
        return types
    }

    /// Shared by the test and the well-behaved client: when to stop, and how far it got.
    final class Progress: Sendable {
        private let state = Mutex((stop: false, rounds: 0))

        var stopped: Bool { state.withLock { $0.stop } }
        var rounds: Int { state.withLock { $0.rounds } }
        func stop() { state.withLock { $0.stop = true } }
        func finished(round: Int) { state.withLock { $0.rounds = round } }
    }

    /// Puts and reads back artifacts until told to stop; throws at the first reply that is not right.
    static func putAndGet(port: Int, until progress: Progress) async throws {
        try await ReplyClient.with(port: port) { client in
            var round = 0
            while !progress.stopped {
                let (tag, value) = ("t\(round)", "v\(round)")
                let put = try await client.send("CACHE.PUT", "p/d/n/v", tag, "DATA", "o0", value)
                guard let id = put.elements?.first?.text, put.elements?.last?.text == "created" else {
                    throw ReplyClient.ReplyError("CACHE.PUT \(tag) answered \(put)")
                }
                let hit = try await client.send("CACHE.GET", "p/d/n/v", tag)
                guard hit.elements?.first?.text == id, hit.elements?[1].elements?.compactMap(\.text) == ["o0", value]
                else { throw ReplyClient.ReplyError("CACHE.GET \(tag) answered \(hit)") }
                round += 1
                progress.finished(round: round)
            }
        }
    }

    /// This process's resident set (the server runs in it), from `/proc/self/statm`.
    static func residentBytes() -> Int {
        let text = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
