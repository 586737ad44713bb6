import NIOCore
import NIOEmbedded
import Testing

@testable import CairnClient

/// The connect / reconnect / back-off decisions, driven directly.
@Suite struct ConnectionStateMachineTests {
    let loop = EmbeddedEventLoop()
    let start = ContinuousClock.now

    func backoff(_ failures: Int) -> Duration { .milliseconds(100 * failures) }

    @Test func oneCallerConnectsWhileTheOthersWaitForTheSameAttempt() throws {
        var machine = ConnectionStateMachine()
        var promises: [EventLoopPromise<ClientConnection>] = []
        let make = {
            let promise = loop.makePromise(of: ClientConnection.self)
            promises.append(promise)
            return promise
        }
        guard case .connect(let promise) = machine.acquire(at: start, makePromise: make) else {
            Issue.record("the first caller should connect")
            return
        }
        #expect(machine.acquire(at: start, makePromise: make) == .wait(promise.futureResult))
        #expect(promises.count == 1)
        machine.connectFailed(at: start, backoff: backoff)
        promise.fail(CairnClientError(.connectFailed, "refused"))
        // Within the back-off the next caller sleeps; after it, it connects again.
        #expect(
            machine.acquire(at: start + .milliseconds(50), makePromise: make)
                == .sleep(until: start + .milliseconds(100)))
        guard case .connect(let second) = machine.acquire(at: start + .milliseconds(100), makePromise: make) else {
            Issue.record("after the back-off the caller should connect")
            return
        }
        machine.connectFailed(at: start + .milliseconds(100), backoff: backoff)
        second.fail(CairnClientError(.connectFailed, "refused"))
        #expect(
            machine.acquire(at: start + .milliseconds(150), makePromise: make)
                == .sleep(until: start + .milliseconds(300)))
        #expect(machine.shutdown() == nil)
        #expect(machine.acquire(at: start + .seconds(1), makePromise: make) == .fail)
    }

    @Test func aLostConnectionIsReplacedAtOnceAndAStaleCloseIsIgnored() throws {
        var machine = ConnectionStateMachine()
        let make = { loop.makePromise(of: ClientConnection.self) }
        let first = ClientConnection(channel: EmbeddedChannel(loop: loop), endpoint: .local)
        let other = ClientConnection(channel: EmbeddedChannel(loop: loop), endpoint: .local)
        guard case .connect(let promise) = machine.acquire(at: start, makePromise: make) else {
            Issue.record("the first caller should connect")
            return
        }
        let kept = machine.connected(first)
        #expect(kept)
        promise.succeed(first)
        #expect(machine.acquire(at: start, makePromise: make) == .use(first))
        machine.closed(other)
        #expect(machine.acquire(at: start, makePromise: make) == .use(first))
        machine.closed(first)
        guard case .connect(let again) = machine.acquire(at: start, makePromise: make) else {
            Issue.record("a lost connection is replaced without waiting")
            return
        }
        #expect(machine.shutdown() == nil)
        let keptAfterShutdown = machine.connected(other)
        #expect(!keptAfterShutdown, "a connect that finishes after shutdown is not kept")
        again.fail(CairnClientError(.clientClosed, "closed"))
    }

    @Test func theBackoffDoublesUpToTheMaximum() {
        var configuration = CairnClient.Configuration()
        configuration.initialBackoff = .milliseconds(50)
        configuration.maximumBackoff = .milliseconds(300)
        #expect(
            (0...6).map(configuration.backoff(after:))
                == [
                    .zero, .milliseconds(50), .milliseconds(100), .milliseconds(200), .milliseconds(300),
                    .milliseconds(300), .milliseconds(300),
                ])
        #expect(configuration.backoff(after: 1000) == .milliseconds(300))
    }
}
