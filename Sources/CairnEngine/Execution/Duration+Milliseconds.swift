extension Duration {
    /// Whole milliseconds, for reports and stored timings.
    var wholeMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
