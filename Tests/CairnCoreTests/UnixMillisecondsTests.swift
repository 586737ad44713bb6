import CairnCore
import Foundation
import Testing

@Suite struct UnixMillisecondsTests {
    @Test func storedTimesGiveTheirExactMillisecondAndTheTTLShowsExactly() {
        // 1795233672.674 s is stored as 1795233672674000 µs; as a Double it is a hair below, and
        // flooring its milliseconds used to give …673, so expires − created showed TTL − 1 ms.
        for micros: Int64 in [1_795_233_672_674_000, 1_795_233_672_674_999, 1_795_233_672_821_000, 0, -1500] {
            let date = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
            let expected = micros >= 0 ? micros / 1000 : (micros - 999) / 1000
            #expect(date.unixMilliseconds == expected, "\(micros)")
            let later = Date(timeIntervalSince1970: Double(micros + 3_600_000_000) / 1_000_000)
            #expect(later.unixMilliseconds - date.unixMilliseconds == 3_600_000, "\(micros)")
        }
        #expect(Date(timeIntervalSince1970: .infinity).unixMilliseconds == .max)
        #expect(Date(timeIntervalSince1970: -1e300).unixMilliseconds < 0)
    }
}
