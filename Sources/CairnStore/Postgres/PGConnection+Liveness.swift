import CLibPQ

#if canImport(Glibc)
    import Glibc
#endif

extension PGConnection {
    /// Whether the server has closed this idle connection: reads whatever has arrived without
    /// waiting. A backend that is shut down or terminated sends a FATAL error and closes, but libpq
    /// notices only when it next reads, which would be after a batch had been sent on it.
    ///
    /// For a connection with nothing in flight. A message that arrives meanwhile (the FATAL, a
    /// notice) goes to the notice receiver; the end of the stream marks the connection broken.
    var isClosedByServer: Bool {
        // Bounded: the FATAL and the end of the stream take two reads, a burst of notices a few more.
        for _ in 0..<8 {
            if isBroken { return true }
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            guard descriptor.fd >= 0 else { return true }
            let ready = poll(&descriptor, 1, 0)
            if ready < 0 { return errno != EINTR }
            if ready == 0 { return false }
            if PQconsumeInput(handle) == 0 { return true }
        }
        return isBroken
    }
}
