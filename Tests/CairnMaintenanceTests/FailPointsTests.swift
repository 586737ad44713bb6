import Testing

@testable import CairnMaintenance

@Suite struct FailPointsTests {
    @Test func namesWithOptionalCountsAreParsedAndMalformedOnesIgnored() {
        #expect(FailPoints.parse("") == [:])
        #expect(FailPoints.parse("a") == ["a": 1])
        #expect(FailPoints.parse("a@3, b ,c@0,d@x,@2") == ["a": 3, "b": 1])
    }
}
