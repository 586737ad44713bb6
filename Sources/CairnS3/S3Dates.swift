import Foundation

/// The two date formats S3 sends: `Last-Modified` headers (RFC 7231) and listings' ISO 8601.
enum S3Dates {
    /// `Sun, 06 Dec 2026 11:48:13 GMT`.
    static func parseHTTP(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }

    /// `2026-12-06T11:48:13.000Z`, with or without the fraction.
    static func parseISO8601(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
