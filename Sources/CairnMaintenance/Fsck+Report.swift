import CairnCore
import CairnStore
import Foundation

extension Fsck {
    /// Something a run noticed or did, in the order it happened.
    public enum Event: Sendable, Equatable {
        case finding(Finding)
        case action(Action)
        case progress(Progress)
    }

    /// What is wrong with a referenced blob object.
    public enum Problem: String, Sendable, Equatable {
        /// There is no object.
        case missing
        /// The object cannot be decompressed, or its content's size or SHA-256 is not the reference's.
        case corrupt
    }

    /// A referenced blob whose object is missing or corrupt, with every artifact referencing it.
    public struct BrokenBlob: Sendable, Equatable {
        public var blob: ReferencedBlob
        public var problem: Problem
        /// Why, in words: the path that is missing, or what does not match.
        public var reason: String
        /// In id order.
        public var artifacts: [ReferringArtifact]
    }

    /// Drift between the catalog and the store.
    public enum Finding: Sendable, Equatable {
        /// A blob object no artifact references, older than the grace period.
        case orphan(path: String, storedSize: Int64, modified: Date)
        /// A temporary file of a write that never finished, older than the grace period.
        case staleTemporary(path: String, storedSize: Int64, modified: Date)
        /// Artifacts reference an object that is missing or corrupt.
        case broken(BrokenBlob)
    }

    /// A change a repair made (or could not make).
    public enum Action: Sendable, Equatable {
        case deletedOrphan(path: String, storedSize: Int64)
        case deletedTemporary(path: String, storedSize: Int64)
        /// The artifact was deleted because of `blob` (the first broken one found, if it had several).
        case demoted(ReferringArtifact, blob: ReferencedBlob, problem: Problem, reason: String)
        /// The collector deleted objects that lost their references (corrupt ones among them).
        case collected(BlobCollector.Report)
        /// A file could not be deleted; the finding stays.
        case failed(path: String, reason: String)
    }

    /// How far a run got, for a progress display.
    public struct Progress: Sendable, Equatable {
        public enum Phase: String, Sendable, Equatable {
            case objects, references, collection
        }

        public var phase = Phase.objects
        /// Object and temporary files looked at.
        public var files: Int64 = 0
        /// Distinct references looked at (checked or not).
        public var references: Int64 = 0
    }

    /// The counts of a run.
    public struct Summary: Sendable, Equatable {
        public var quick: Bool
        public var repair: Bool
        /// Blob object files in the store.
        public var objects: Int64 = 0
        /// Temporary files (`.tmp-*`) in the store.
        public var temporaryFiles: Int64 = 0
        /// Other entries, left alone.
        public var unrecognizedFiles: Int64 = 0
        /// Unreferenced objects and temporary files younger than the grace period, left alone.
        public var withinGrace: Int64 = 0
        public var orphans: Int64 = 0
        /// Stored (compressed) bytes of the orphans.
        public var orphanBytes: Int64 = 0
        public var staleTemporaryFiles: Int64 = 0
        /// Distinct references to objects of this store that were checked.
        public var referencesChecked: Int64 = 0
        /// References to blobs elsewhere (other URIs): not checked.
        public var referencesNotChecked: Int64 = 0
        /// Content bytes read and hashed (0 with ``Configuration/quick``).
        public var verifiedBytes: Int64 = 0
        public var missing: Int64 = 0
        public var corrupt: Int64 = 0
        /// Distinct artifacts referencing a missing or corrupt object.
        public var brokenArtifacts: Int64 = 0
        public var deletedFiles: Int64 = 0
        public var demotedArtifacts: Int64 = 0
        /// Repairs that failed (see ``Action/failed(path:reason:)``).
        public var failures: Int64 = 0
        /// Findings whose repair is complete.
        public var repaired: Int64 = 0
        /// The collector's report, on repair.
        public var collected: BlobCollector.Report?
        public var progress = Progress()

        /// Findings: orphans, stale temporary files, missing and corrupt objects.
        public var drift: Int64 { orphans + staleTemporaryFiles + missing + corrupt }
        /// Findings still there after the run (all of them without repair).
        public var unrepaired: Int64 { drift - repaired }
    }

    /// Everything one run found and did.
    public struct Report: Sendable, Equatable {
        public var findings: [Finding]
        public var actions: [Action]
        public var summary: Summary
    }
}
