import CairnCore
import CairnTestSupport
import Logging
import Synchronization
import Testing

@testable import CairnStore

/// PostgreSQL's notices go to the logger at debug level, never to standard error.
@Suite struct NoticeTests {
    /// A log handler that keeps every message it is given.
    struct Recorder: LogHandler {
        final class Messages: Sendable {
            private let state = Mutex<[(Logger.Level, String, Logger.Metadata)]>([])
            var all: [(level: Logger.Level, text: String, metadata: Logger.Metadata)] {
                state.withLock { $0.map { (level: $0.0, text: $0.1, metadata: $0.2) } }
            }
            func append(_ level: Logger.Level, _ text: String, _ metadata: Logger.Metadata) {
                state.withLock { $0.append((level, text, metadata)) }
            }
        }

        let messages: Messages
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            messages.append(event.level, event.message.description, event.metadata ?? [:])
        }

        static func logger() -> (Logger, Messages) {
            let messages = Messages()
            return (Logger(label: "test.notices") { _ in Recorder(messages: messages) }, messages)
        }
    }

    static let notice = "table \"nonexistent_x\" does not exist, skipping"

    @Test func aNoticeOfABlockingStatementIsLoggedAtDebugLevel() async throws {
        try await TestDatabase.withEmptyDatabase { url in
            let (logger, messages) = Recorder.logger()
            try await Blocking.run {
                let connection = try PGConnection(connectionString: url, connectTimeout: 10, logger: logger)
                try connection.execute("DROP TABLE IF EXISTS nonexistent_x")
            }
            let logged = messages.all.filter { $0.text.contains(Self.notice) }
            #expect(logged.count == 1, "\(messages.all)")
            #expect(logged.first?.level == .debug)
            #expect(logged.first?.metadata["severity"] == "NOTICE")
            #expect(logged.first?.metadata["sqlstate"] == "00000")
        }
    }

    @Test func aNoticeOfAPoolStatementIsLoggedThroughTheStoresLogger() async throws {
        try await TestDatabase.withEmptyDatabase { url in
            _ = try await Blocking.run { try Migrator.migrate(databaseURL: url, logger: Logger(label: "test")) }
            let (logger, messages) = Recorder.logger()
            let store = try await CairnStore.connect(configuration: .init(databaseURL: url), logger: logger)
            try await withCleanup {
                try await store.pool.run(.sql("DROP TABLE IF EXISTS nonexistent_x")) { _ in () }
            } cleanup: {
                await store.shutdown()
            }
            let logged = messages.all.filter { $0.text.contains(Self.notice) }
            #expect(logged.map(\.level) == [.debug], "\(messages.all)")
        }
    }
}
