import CairnCore
import Testing

@testable import CairnEngine

@Suite struct DurationTextTests {
    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)), ("30s", .seconds(30)), ("1h30m", .seconds(5_400)),
        ("1.5s", .milliseconds(1_500)), ("2d", .seconds(172_800)), ("10us", .microseconds(10)),
        ("7ns", .nanoseconds(7)),
        ("1m0.25s", .milliseconds(60_250)),
    ])
    func durationsParse(text: String, expected: Duration) {
        #expect(DurationText.duration(text) == expected)
    }

    @Test(arguments: ["", "30", "s", "1.s", "-1s", "1x", "1 s", "99999999999999999999h", "200000d"])
    func nonDurationsAreRejected(_ text: String) {
        #expect(DurationText.duration(text) == nil)
    }

    @Test(arguments: [
        ("1000000", 1_000_000), ("512MiB", 512 << 20), ("1GiB", 1 << 30), ("64k", 64 << 10), ("2tb", 2 << 40),
    ])
    func sizesParse(text: String, expected: Int) {
        #expect(ByteSize.parse(text) == expected)
    }

    @Test(arguments: ["", "MiB", "1.5GiB", "12 parsecs", "-1", "99999999999999999999"])
    func nonSizesAreRejected(_ text: String) {
        #expect(ByteSize.parse(text) == nil)
    }
}
