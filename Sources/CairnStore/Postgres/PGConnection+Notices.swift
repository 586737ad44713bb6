import CLibPQ
import Logging

extension PGConnection {
    /// Where one connection's notices go instead of libpq's default, standard error: the logger, at
    /// debug level. Notices are routine (`DROP … IF EXISTS` of something absent says so; a terminated
    /// backend's last words arrive as one), nothing an operator needs to see by default.
    ///
    /// Owned by its connection, which outlives every call libpq makes to it.
    final class NoticeLog {
        let logger: Logger

        init(logger: Logger) { self.logger = logger }

        /// One notice, as libpq hands it over (its result stays libpq's).
        func receive(_ result: OpaquePointer) {
            func field(_ code: Character) -> String? {
                PQresultErrorField(result, Int32(code.asciiValue!)).map { String(cString: $0) }
            }
            let message = field("M") ?? String(cString: PQresultErrorMessage(result))
            var metadata: Logger.Metadata = ["severity": "\(field("S") ?? "NOTICE")"]
            if let sqlState = field("C") { metadata["sqlstate"] = "\(sqlState)" }
            if let detail = field("D") { metadata["detail"] = "\(detail)" }
            logger.debug("PostgreSQL: \(message)", metadata: metadata)
        }

        /// Makes `handle` send its notices here.
        func install(on handle: OpaquePointer) {
            PQsetNoticeReceiver(
                handle,
                { context, result in
                    guard let context, let result else { return }
                    Unmanaged<NoticeLog>.fromOpaque(context).takeUnretainedValue().receive(result)
                }, Unmanaged.passUnretained(self).toOpaque())
        }
    }
}
