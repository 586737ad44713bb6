import Logging
import Synchronization

/// Sets up logging to standard error once per process.
enum LogSetup {
    private static let done = Mutex(false)

    static func bootstrap(level: Logger.Level) -> Logger {
        done.withLock { done in
            if !done {
                LoggingSystem.bootstrap { label in
                    var handler = StreamLogHandler.standardError(label: label)
                    handler.logLevel = level
                    return handler
                }
                done = true
            }
        }
        var logger = Logger(label: "cairn")
        logger.logLevel = level
        return logger
    }
}
