import DequeModule
import NIOCore

/// The reply order and life of one connection, as a value: requests may finish out of order (a
/// hot hit before an earlier store lookup), replies go out in request order.
///
/// The handler reports events; the machine answers with what to do.
struct ConnectionStateMachine {
    /// What the handler does next.
    enum Action: Equatable {
        case none
        /// Write these replies in order and flush; then close if `close`.
        case write([ByteBuffer], close: Bool)
        case close
    }

    /// A request's place in the reply order.
    struct Ticket: Equatable {
        fileprivate let sequence: Int
    }

    let maxPipelineDepth: Int
    /// Replies not yet written, by request order; `nil` while the request runs.
    private var slots = Deque<ByteBuffer?>()
    private var firstSequence = 0
    /// After QUIT or a drain: later requests are ignored and the connection closes once written.
    private(set) var closing = false

    init(maxPipelineDepth: Int) {
        self.maxPipelineDepth = max(1, maxPipelineDepth)
    }

    /// Requests waiting for their reply to be written.
    var inFlight: Int { slots.count }

    /// Whether to read more from the socket: not while closing or a full pipeline waits.
    var shouldRead: Bool { !closing && slots.count < maxPipelineDepth }

    /// A request arrived; `nil` when the connection is closing and the request is dropped.
    mutating func requestArrived() -> Ticket? {
        guard !closing else { return nil }
        slots.append(nil)
        return Ticket(sequence: firstSequence + slots.count - 1)
    }

    /// A request's reply is ready. `close` marks QUIT: nothing after it runs.
    mutating func replyReady(_ ticket: Ticket, _ reply: ByteBuffer, close: Bool = false) -> Action {
        let position = ticket.sequence - firstSequence
        guard position >= 0, position < slots.count else { return .none }
        slots[position] = reply
        if close {
            closing = true
            // Requests read after QUIT in the same packet are dropped with their slots.
            slots.removeLast(slots.count - position - 1)
        }
        var ready: [ByteBuffer] = []
        while let first = slots.first, let reply = first {
            ready.append(reply)
            slots.removeFirst()
            firstSequence += 1
        }
        let done = closing && slots.isEmpty
        if ready.isEmpty { return done ? .close : .none }
        return .write(ready, close: done)
    }

    /// No request for the idle timeout: close, unless replies are still being worked on.
    func idle() -> Action {
        slots.isEmpty ? .close : .none
    }

    /// Graceful shutdown or an idle timeout: stop taking requests, close once in-flight replies
    /// are written.
    mutating func drain() -> Action {
        closing = true
        return slots.isEmpty ? .close : .none
    }
}
