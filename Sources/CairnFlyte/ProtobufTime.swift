import Foundation
import SwiftProtobuf

extension Google_Protobuf_Duration {
    /// The duration as a Swift `Duration`, or `nil` when it is not a valid protobuf duration
    /// (seconds and nanos of different signs, nanos out of range).
    var swiftDuration: Duration? {
        guard abs(nanos) < 1_000_000_000, seconds == 0 || nanos == 0 || (seconds > 0) == (nanos > 0) else {
            return nil
        }
        return .seconds(seconds) + .nanoseconds(Int64(nanos))
    }

    /// A protobuf duration of `duration`, to the nanosecond.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self.init(seconds: seconds, nanos: Int32(attoseconds / 1_000_000_000))
    }
}

extension Google_Protobuf_Timestamp {
    /// A protobuf timestamp of `date`, to the microsecond (what PostgreSQL keeps).
    init(_ date: Date) {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let seconds = (micros / 1_000_000).rounded(.down)
        self.init(seconds: Int64(seconds), nanos: Int32((micros - seconds * 1_000_000) * 1000))
    }
}
