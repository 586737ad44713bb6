import CairnCore
import CairnMaintenance
import CairnStore
import Foundation

extension BudgetKeeper {
    /// What one round of evictions did.
    public struct Round: Sendable, Equatable {
        /// The size when the round began (after taking the lock).
        public var before: CatalogSize
        /// Artifacts selected and deleted (a selected one hit since stays).
        public var selected: Int64
        public var evicted: Int64
        public var evictedBytes: Int64
        public var batches: Int
    }

    /// The loop on the keeper's thread: checks, evicts, sleeps, until stopped. A failed check is
    /// logged and the connection made again at the next one.
    func runBlocking() {
        var connection: MaintenanceConnection?
        var lastCollection = ContinuousClock.now
        var failing = false
        var forecast = BudgetForecast()
        while !isStopped {
            var again = false
            do {
                if connection == nil || connection?.isBroken == true {
                    connection = try MaintenanceConnection(databaseURL: service.store.configuration.databaseURL)
                }
                if let connection, let round = try check(on: connection, forecast: &forecast) {
                    again = round.evicted > 0
                    if let collector, ContinuousClock.now - lastCollection >= configuration.collectInterval {
                        lastCollection = .now
                        _ = try collector.collect(on: connection)
                    }
                }
                if failing { logger.info("catalog size checks work again") }
                failing = false
            } catch {
                if !failing { logger.warning("catalog size check failed", metadata: ["error": "\(error)"]) }
                failing = true
                connection = nil
            }
            // Over the budget still (writers outpace a round): the next round at once.
            if !again {
                pause(configuration.maxBytes == nil ? configuration.idleInterval : configuration.checkInterval)
            }
        }
    }

    /// One check: reads (and folds) the size, and runs a round of evictions when it is over the
    /// budget and no other server is running one. Returns the round, if one ran. Blocking.
    @discardableResult
    public func check(on connection: MaintenanceConnection) throws -> Round? {
        var forecast = BudgetForecast()
        return try check(on: connection, forecast: &forecast)
    }

    /// ``check(on:)`` that begins a round before the budget is passed when `forecast` expects the
    /// size to pass it before the round's first batch lands.
    func check(on connection: MaintenanceConnection, forecast: inout BudgetForecast) throws -> Round? {
        let started = ContinuousClock.now
        let size = try readSize(on: connection)
        forecast.observe(bytes: size.bytes, at: started)
        guard let maxBytes = configuration.maxBytes, let lowWater = configuration.lowWaterBytes,
            size.bytes > lowWater,
            forecast.shouldEvict(bytes: size.bytes, maxBytes: maxBytes, interval: configuration.checkInterval)
        else { return nil }
        guard try connection.tryAdvisoryLock(Self.lockKey) else { return nil }
        defer { try? connection.advisoryUnlock(Self.lockKey) }
        // Another server may have evicted while this one waited for the size.
        let current = try readSize(on: connection)
        guard current.bytes > lowWater,
            forecast.shouldEvict(bytes: current.bytes, maxBytes: maxBytes, interval: configuration.checkInterval)
        else { return nil }
        let round = try evict(current.bytes - lowWater, size: current, on: connection) { first in
            forecast.observe(reaction: first - started)
        }
        if round.evicted > 0 {
            logger.debug(
                "evicted for the budget",
                metadata: [
                    "artifacts": "\(round.evicted)", "bytes": "\(round.evictedBytes)", "batches": "\(round.batches)",
                    "size_before": "\(round.before.bytes)", "max_size": "\(maxBytes)",
                    "seconds": "\((ContinuousClock.now - started).timeInterval)",
                ])
        }
        return round
    }

    /// Selects the least recently used artifacts that free `excess` bytes, then deletes them batch
    /// by batch, each batch leaving the hot cache and counted as it commits (`firstBatch` hears
    /// when the first one did).
    private func evict(
        _ excess: Int64, size: CatalogSize, on connection: MaintenanceConnection,
        firstBatch: (ContinuousClock.Instant) -> Void
    ) throws -> Round {
        // Enough candidates for the excess at the average size, twice over (sizes vary), bounded.
        let average = max(1, size.bytes / max(1, size.artifacts))
        let wanted = Int(min(Int64(configuration.maxArtifactsPerRound), 2 * (excess / average + 1)))
        let selection = try connection.selectBudgetVictims(freeing: excess, maxArtifacts: wanted)
        var round = Round(before: size, selected: selection.artifacts, evicted: 0, evictedBytes: 0, batches: 0)
        while !isStopped {
            let batch = try PurgeBatch.retryingConflicts {
                try connection.evictNextBudgetBatch(limit: configuration.batchSize)
            }
            guard !batch.candidates.isEmpty else { break }
            if round.batches == 0 { firstBatch(.now) }
            service.hotCache.invalidate(artifacts: batch.candidates)
            service.budget.freed(batch.deletedBytes)
            service.stats.recordEvictions(.budget, count: Int(batch.deleted))
            round.evicted += batch.deleted
            round.evictedBytes += batch.deletedBytes
            round.batches += 1
        }
        try connection.dropPurgeVictims()
        _ = try readSize(on: connection)
        return round
    }

    /// Reads (and folds) the size, and tells the write gate and the counters.
    private func readSize(on connection: MaintenanceConnection) throws -> CatalogSize {
        let mark = service.budget.mark()
        let size = try connection.catalogSize(fold: true)
        service.budget.observe(size, since: mark, batchSize: configuration.batchSize)
        service.stats.recordCatalog(
            .init(size: size, maxBytes: configuration.maxBytes, lowWaterBytes: configuration.lowWaterBytes))
        return size
    }

    /// Sleeps `duration` in slices, returning early once stopped or when a write waits for room.
    private func pause(_ duration: Duration) {
        let end = ContinuousClock.now + duration
        let slice = configuration.maxBytes == nil ? 0.05 : 0.005
        while !isStopped, !service.budget.hasWaiters, ContinuousClock.now < end {
            Thread.sleep(forTimeInterval: min(slice, (end - ContinuousClock.now).timeInterval))
        }
    }
}
