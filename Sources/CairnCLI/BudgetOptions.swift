import ArgumentParser
import CairnCore
import CairnService

/// `cairn serve`'s size budget: the catalog is kept under `--max-size` by evicting the least
/// recently used artifacts down to the low-water mark.
struct BudgetOptions: ParsableArguments {
    @Option(
        name: .customLong("max-size"),
        help: ArgumentHelp(
            "Keep the catalog (inline bytes plus blob bytes) under this size, e.g. 50GiB, evicting the least "
                + "recently hit artifacts (env CAIRN_MAX_SIZE; default off)."))
    var maxSize: String?

    @Option(
        name: .customLong("max-size-low-water"),
        help: "Eviction for --max-size stops at this percent of it (env CAIRN_MAX_SIZE_LOW_WATER; 1-100, default 90).")
    var lowWater: Int?

    @Option(
        name: .customLong("max-size-write-wait"),
        help: ArgumentHelp(
            "Seconds a write waits for evictions once the catalog is over --max-size by more than one batch, "
                + "then fails (env CAIRN_MAX_SIZE_WRITE_WAIT; 1-3600, default 30)."))
    var writeWait: Int?

    func validate() throws {
        _ = try configuration(batchSize: nil)
    }

    /// The keeper's configuration; `batchSize` (the purge's) sets its eviction batches.
    func configuration(batchSize: Int?) throws -> BudgetKeeper.Configuration {
        var configuration = BudgetKeeper.Configuration()
        if let text = maxSize ?? Setting.maxSize.environmentValue {
            guard let bytes = ByteSize.parse(text), bytes > 0 else {
                throw ValidationError(
                    "--max-size \(text): expected bytes or a size such as 512MiB or 50GiB, at least 1")
            }
            configuration.maxBytes = Int64(bytes)
        }
        if let percent = try Setting.maxSizeLowWater.integer(
            overriding: lowWater, option: "--max-size-low-water", in: NumericRange(1, 100, unit: "percent"))
        {
            configuration.lowWater = Double(percent) / 100
        }
        if let seconds = try Setting.maxSizeWriteWait.integer(
            overriding: writeWait, option: "--max-size-write-wait", in: NumericRange(1, 3600, unit: "seconds"))
        {
            configuration.maxWriteWait = .seconds(seconds)
        }
        if let batchSize { configuration.batchSize = batchSize }
        return configuration
    }
}
