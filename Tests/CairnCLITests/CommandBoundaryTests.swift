import CairnClient
import CairnCore
import CairnProtocol
import Foundation
import NIOCore
import Synchronization
import Testing

/// Every command of the table, every argument position, every boundary value, against a live
/// `cairn serve` process (so a trap ends that process and fails this test instead of the test run):
/// each request gets a well-formed reply, never an internal error; a number out of its range is an
/// error naming the argument; the server stays up and a well-behaved client beside it is served
/// correctly throughout.
@Suite struct CommandBoundaryTests {
    @Test func everyTemplateCoversTheCommandTable() {
        let covered = Set(CommandTemplate.all.map(\.name))
        let missing = CommandTable.all.map(\.name).filter { !covered.contains($0) }
        #expect(missing.isEmpty, "commands without a boundary template: \(missing)")
    }

    @Test func everyArgumentPositionWithEveryBoundaryValueIsAnsweredAndHarmsNoOne() async throws {
        try await withServe { serve in
            let endpoint = try Endpoint(parsing: serve.tcp)
            let setup = Self.client(endpoint)
            for words in CommandTemplate.setup { _ = try await setup.send(words) }
            await setup.close()

            let steady = SteadyClient(endpoint: endpoint)
            let driven = try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask {
                    try await steady.run()
                    return 0
                }
                var driven = 0
                for template in CommandTemplate.all {
                    driven += try await Self.drive(template, endpoint: endpoint)
                    let ping = Self.client(endpoint)
                    #expect(try await ping.send(["PING"]) == .simpleString("PONG"), "server alive after \(template)")
                    await ping.close()
                }
                steady.stop()
                _ = try await group.next()
                return driven
            }
            #expect(steady.failures.isEmpty, "the well-behaved client saw: \(steady.failures.prefix(3))")
            #expect(steady.rounds > 0, "the well-behaved client was served")
            print("cairn-figures: boundary test drove \(driven) requests over \(CommandTemplate.all.count) templates")
        }
    }

    /// One template: its baseline, then each position replaced by each value, doubled, and cut off.
    /// Returns how many requests it sent.
    static func drive(_ template: CommandTemplate, endpoint: Endpoint) async throws -> Int {
        var client = Self.client(endpoint)
        defer { Task { [client] in await client.close() } }
        let baseline = await Self.outcome(template.words.map { Array($0.utf8) }, client)
        if template.name != "QUIT" {
            #expect(baseline.isError == !template.succeeds, "baseline \(template): \(baseline)")
        }
        var sent = 1
        for position in 1...template.words.count {
            var requests: [(label: String, words: [[UInt8]])] = []
            for value in CommandTemplate.values {
                var words = template.words.map { Array($0.utf8) }
                if position < words.count { words[position] = value.bytes } else { words.append(value.bytes) }
                requests.append((value.label, words))
            }
            if position < template.words.count {
                var doubled = template.words.map { Array($0.utf8) }
                doubled.insert(doubled[position], at: position)
                requests.append(("repeated", doubled))
                requests.append(("cut off", template.words.prefix(position).map { Array($0.utf8) }))
            }
            for (label, words) in requests {
                let outcome = await Self.outcome(words, client)
                sent += 1
                let context = "\(template) with position \(position) as \(label): \(outcome)"
                switch outcome {
                case .closed(let error):
                    // Only QUIT ends a connection on purpose; anything else is the server failing.
                    let quit = words.first.map { String(decoding: $0, as: UTF8.self) } == "QUIT" && words.count == 1
                    #expect(quit, "connection lost: \(context) (\(error))")
                    await client.close()
                    client = Self.client(endpoint)
                    guard case .reply = await Self.outcome([Array("PING".utf8)], client) else {
                        throw ServerGone(description: "the server is gone after \(context)")
                    }
                case .error(let prefix, let message):
                    #expect(prefix != "UNAVAILABLE" && !message.contains("internal error"), "\(context)")
                case .reply:
                    break
                }
                if label != "repeated", label != "cut off", let number = template.numbers[position],
                    !(Int64(String(decoding: words[position], as: UTF8.self)).map(number.range.contains) ?? false)
                {
                    guard case .error(_, let message) = outcome, message.contains(number.argument) else {
                        Issue.record("out of range but not refused naming \(number.argument): \(context)")
                        continue
                    }
                }
            }
        }
        return sent
    }

    struct ServerGone: Error, CustomStringConvertible {
        var description: String
    }

    enum Outcome: CustomStringConvertible {
        case reply(RESPValue)
        case error(prefix: String, message: String)
        case closed(String)

        var isError: Bool { if case .error = self { true } else { false } }

        var description: String {
            switch self {
            case .reply(let value): "reply \(String(describing: value).prefix(120))"
            case .error(let prefix, let message): "-\(prefix) \(message.prefix(200))"
            case .closed(let error): "closed: \(error)"
            }
        }
    }

    static func outcome(_ words: [[UInt8]], _ client: CairnClient) async -> Outcome {
        do {
            return .reply(try await client.send(words.map { ByteBuffer(bytes: $0) }))
        } catch let error as CairnClientError where error.code == .serverError {
            return .error(prefix: error.prefix?.rawValue ?? "", message: error.message)
        } catch {
            return .closed("\(error)")
        }
    }

    static func client(_ endpoint: Endpoint) -> CairnClient {
        var configuration = CairnClient.Configuration(endpoint: endpoint)
        configuration.requestTimeout = .seconds(60)
        return CairnClient(configuration: configuration)
    }
}

/// Puts and reads back its own artifacts in a loop on a connection of its own, recording anything
/// that is not exactly right, until stopped.
final class SteadyClient: Sendable {
    private let client: CairnClient
    private let state = Mutex((rounds: 0, failures: [String](), stopped: false))

    init(endpoint: Endpoint) { client = CommandBoundaryTests.client(endpoint) }

    var rounds: Int { state.withLock { $0.rounds } }
    var failures: [String] { state.withLock { $0.failures } }
    func stop() { state.withLock { $0.stopped = true } }

    func run() async throws {
        defer { Task { [client] in await client.close() } }
        let dataset = try DatasetID(parsing: "steady/dev/good/v1")
        var round = 0
        // Bounded: the barrage takes well under this many rounds; the loop never outlives it by much.
        while !state.withLock({ $0.stopped }), round < 1_000_000 {
            round += 1
            let tag = try TagName("g\(round)")
            let value = Array("value-\(round)".utf8)
            do {
                let put = try await client.put(dataset: dataset, tag: tag, data: [.inline("o0", value)])
                let hit = try await client.get(dataset: dataset, tag: tag)
                if put.outcome != .created || hit?.id != put.artifactID || hit?.items.first?.value != .inline(value) {
                    state.withLock { $0.failures.append("round \(round): put \(put), got \(String(describing: hit))") }
                }
            } catch {
                state.withLock { $0.failures.append("round \(round): \(error)") }
            }
            state.withLock { $0.rounds += 1 }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
