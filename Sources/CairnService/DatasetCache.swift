import CairnCore
import Synchronization

/// Datasets already read, so a front end that asks for its dataset before every lookup (Flyte's
/// propeller calls GetDataset, then GetArtifact) asks PostgreSQL once. Safe without invalidation:
/// a dataset's metadata and partition keys are fixed when it is created, and datasets are never
/// deleted. Bounded: when full it starts again empty, which costs one read per dataset.
final class DatasetCache: Sendable {
    private let capacity: Int
    private let datasets = Mutex<[DatasetID: Dataset]>([:])

    /// - Parameter capacity: the most datasets kept; 0 keeps none.
    init(capacity: Int) { self.capacity = capacity }

    /// The dataset, if it was read before.
    subscript(id: DatasetID) -> Dataset? { datasets.withLock { $0[id] } }

    /// Keeps `dataset` for the next read.
    func insert(_ dataset: Dataset) {
        guard capacity > 0 else { return }
        datasets.withLock { datasets in
            if datasets.count >= capacity { datasets.removeAll(keepingCapacity: true) }
            datasets[dataset.id] = dataset
        }
    }
}
