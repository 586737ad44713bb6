import CairnCore
import Foundation
import Synchronization

/// Cache hits collected in memory and written in one statement per flush, so a read never
/// becomes a write.
final class HitRecorder: Sendable {
    private struct Hits {
        var lastHit: Date
        var count: Int64
    }

    private let pending = Mutex<[ArtifactID: Hits]>([:])

    func record(_ id: ArtifactID, at date: Date = Date()) {
        pending.withLock { hits in
            if var entry = hits[id] {
                entry.lastHit = max(entry.lastHit, date)
                entry.count += 1
                hits[id] = entry
            } else {
                hits[id] = Hits(lastHit: date, count: 1)
            }
        }
    }

    /// Takes everything recorded so far, sorted by id (a stable lock order for the update).
    func drain() -> [(id: ArtifactID, lastHit: Date, count: Int64)] {
        let taken = pending.withLock { hits in
            defer { hits.removeAll(keepingCapacity: true) }
            return hits
        }
        return taken.map { (id: $0.key, lastHit: $0.value.lastHit, count: $0.value.count) }.sorted { $0.id < $1.id }
    }

    /// Puts back hits whose flush failed, so they are not lost.
    func restore(_ entries: [(id: ArtifactID, lastHit: Date, count: Int64)]) {
        pending.withLock { hits in
            for entry in entries {
                var merged = hits[entry.id] ?? Hits(lastHit: entry.lastHit, count: 0)
                merged.lastHit = max(merged.lastHit, entry.lastHit)
                merged.count += entry.count
                hits[entry.id] = merged
            }
        }
    }
}

extension CairnStore {
    /// Writes the hits recorded since the last flush to `last_hit_at` and `hit_count`.
    public func flushHits() async throws {
        let entries = hits.drain()
        guard !entries.isEmpty else { return }
        var bind = PGBind()
        bind.append(uuidArray: entries.map(\.id))
        bind.append(timestamptzArray: entries.map { $0.lastHit })
        bind.append(int8Array: entries.map(\.count))
        do {
            try await pool.run(.prepared(.recordHits, bind)) { _ in () }
        } catch {
            hits.restore(entries)
            throw error
        }
    }
}
