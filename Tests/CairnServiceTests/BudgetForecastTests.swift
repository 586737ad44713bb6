import Testing

@testable import CairnService

/// When the budget keeper begins a round: at the budget without growth, earlier by the growth
/// expected while a round gets its first batch in.
@Suite struct BudgetForecastTests {
    @Test func withoutGrowthARoundBeginsPastTheBudget() {
        var forecast = BudgetForecast()
        let start = ContinuousClock.now
        forecast.observe(bytes: 900, at: start)
        forecast.observe(bytes: 900, at: start + .seconds(1))
        #expect(!forecast.shouldEvict(bytes: 1000, maxBytes: 1000, interval: .milliseconds(25)))
        #expect(forecast.shouldEvict(bytes: 1001, maxBytes: 1000, interval: .milliseconds(25)))
    }

    @Test func growthAndASlowFirstBatchBeginARoundBeforeTheBudget() {
        var forecast = BudgetForecast()
        let start = ContinuousClock.now
        // 10,000 bytes a second, and rounds that take half a second to land their first batch.
        for second in 0..<20 { forecast.observe(bytes: Int64(second) * 10_000, at: start + .seconds(second)) }
        for _ in 0..<20 { forecast.observe(reaction: .milliseconds(500)) }
        #expect(forecast.growth > 9_000 && forecast.reaction > 0.45)
        #expect(!forecast.shouldEvict(bytes: 90_000, maxBytes: 100_000, interval: .zero))
        #expect(forecast.shouldEvict(bytes: 96_000, maxBytes: 100_000, interval: .zero))
        // Evictions shrink the size; they are not growth, and the expected growth fades.
        for second in 20..<40 { forecast.observe(bytes: 50_000, at: start + .seconds(second)) }
        #expect(!forecast.shouldEvict(bytes: 99_000, maxBytes: 100_000, interval: .zero))
    }
}
