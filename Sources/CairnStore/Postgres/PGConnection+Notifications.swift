import CLibPQ
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension PGConnection {
    /// A notification as libpq delivers it.
    struct Notification: Equatable {
        var channel: String
        var payload: String
    }

    /// The notifications received, waiting up to `timeout` for some to arrive (none is not an
    /// error). For a connection that only listens (blocking mode, nothing in flight).
    /// - Throws: ``CairnError/Code/unavailable`` when the connection is lost.
    func notifications(waitingUpTo timeout: Duration) throws -> [Notification] {
        // LISTEN's own round trip, or the last read, may have buffered some already.
        let buffered = takeNotifications()
        if !buffered.isEmpty { return buffered }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        guard descriptor.fd >= 0 else { throw lostConnection() }
        let millis = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        let ready = poll(&descriptor, 1, Int32(clamping: max(0, millis)))
        if ready < 0 {
            if errno == EINTR { return [] }
            throw lostConnection()
        }
        // Readable includes the end of the stream: reading is how a terminated backend is noticed.
        if ready > 0, PQconsumeInput(handle) == 0 || isBroken { throw lostConnection() }
        return takeNotifications()
    }

    /// What libpq has parsed so far, each freed once copied.
    private func takeNotifications() -> [Notification] {
        var received: [Notification] = []
        while let notify = PQnotifies(handle) {
            defer { PQfreemem(notify) }
            received.append(
                Notification(
                    channel: String(cString: notify.pointee.relname), payload: String(cString: notify.pointee.extra)))
        }
        return received
    }
}
