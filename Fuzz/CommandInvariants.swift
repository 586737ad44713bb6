import CairnProtocol
import Foundation
import NIOCore

/// What every time and duration in a parsed command must satisfy for the store to take it: a
/// duration is not negative (issue 11, item 3: zero keeps its documented meaning), and now plus or
/// minus it, like every instant a command names, is a time that both a PostgreSQL `timestamptz` and
/// an Int64 of microseconds hold. A value outside these passed parsing only to fail (or, before
/// issue 11, trap) later: the parser must refuse it with an error naming the argument.
///
/// Found by walking the parsed value with `Mirror`, not by matching `Command`'s cases, so the check
/// covers every command, and new ones, whatever shape their arguments take; and checked against
/// what the store can bind rather than the limits the parser sets (a TTL of at most 100 years, a
/// lease of at most a day …), so the harness need not follow every change of those limits.
enum CommandInvariants {
    static func check(_ command: Command, _ request: RESPRequest) {
        visit(command, path: "command", now: Int64(Date().timeIntervalSince1970), request)
    }

    private static func visit(_ value: Any, path: String, now: Int64, _ request: RESPRequest) {
        switch value {
        case let duration as Duration:
            let seconds = duration.components.seconds
            if duration < .zero { report("\(path) is a negative duration, \(duration)", request) }
            let (later, overflow) = now.addingReportingOverflow(seconds)
            let (earlier, underflow) = now.subtractingReportingOverflow(seconds)
            // Integer comparisons, so that with FUZZ_ARGS=-use_value_profile=1 libFuzzer sees how close a
            // number came to the edge.
            if overflow || underflow || later >= end || earlier < earliest {
                report("\(path) is \(duration): now ± it is outside the times the store can bind", request)
            }
        case let date as Date:
            let seconds = date.timeIntervalSince1970.rounded(.down)
            guard seconds.isFinite, abs(seconds) < 9e18, Int64(seconds) >= earliest, Int64(seconds) < end else {
                report(
                    "\(path) is \(date.timeIntervalSince1970) s since 1970, outside the times the store can bind",
                    request)
            }
        case is String, is Substring, is ByteBuffer, is [UInt8], is any BinaryInteger, is Bool, is UUID:
            // Leaves without times; byte arrays and buffers would only cost a child per byte.
            break
        default:
            for (index, child) in Mirror(reflecting: value).children.enumerated() {
                visit(child.value, path: "\(path).\(child.label ?? String(index))", now: now, request)
            }
        }
    }

    /// Seconds since 1970 a time may take: from PostgreSQL's earliest `timestamptz` (4714-11-24 BC)
    /// up to where microseconds since 1970 leave an Int64 (the year 294247, just before
    /// PostgreSQL's own end, 294277-01-01), through which Swift code converts a `Date`: issue 11's
    /// `CREATED-FROM 9223372036854776` trapped there.
    private static let earliest: Int64 = -210_866_803_200
    private static let end: Int64 = 9_223_372_036_854

    private static func report(_ problem: String, _ request: RESPRequest) -> Never {
        Finding.report("\(problem), accepted from \(Finding.describe(request))")
    }
}
