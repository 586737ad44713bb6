import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// SIGINT and SIGTERM cancel a task instead of killing the process, so the engine can stop its
/// children and save its state.
enum Interrupts {
    static func cancelling<T: Sendable>(
        _ task: Task<T, any Error>, _ body: () async throws -> T
    ) async -> Result<T, any Error> {
        let queue = DispatchQueue(label: "cairn.signals")
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                FileHandle.standardError.write(
                    Data("\ncairn: interrupted; stopping tasks and saving the state…\n".utf8))
                task.cancel()
            }
            source.resume()
            return source
        }
        defer {
            sources.forEach { $0.cancel() }
            [SIGINT, SIGTERM].forEach { signal($0, SIG_DFL) }
        }
        do { return .success(try await body()) } catch { return .failure(error) }
    }
}
