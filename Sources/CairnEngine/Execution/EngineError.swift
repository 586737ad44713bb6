/// A failure of the engine: a node that failed, an execution that cannot resume, bad state.
public struct EngineError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure. Opaque so codes can grow.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// The task's process failed (every attempt).
        public static let taskFailed = Code(name: "task_failed")
        /// The task's outputs (or future) were missing, malformed or of the wrong type.
        public static let invalidOutput = Code(name: "invalid_output")
        /// An output passed a configured limit (`offload_max`).
        public static let limitExceeded = Code(name: "limit_exceeded")
        /// A dynamic task's future did not compile.
        public static let futureRejected = Code(name: "future_rejected")
        /// A workflow input was missing or invalid.
        public static let invalidInput = Code(name: "invalid_input")
        /// Stored state could not be read.
        public static let corruptState = Code(name: "corrupt_state")
        /// The execution cannot be resumed (finished, or run by another engine).
        public static let notResumable = Code(name: "not_resumable")
        /// The engine was cancelled.
        public static let cancelled = Code(name: "cancelled")
        /// An offloaded value's blob is missing, does not match its reference or does not hold a
        /// value of the recorded type.
        public static let blobUnreadable = Code(name: "blob_unreadable")
        /// No case of a branch node held and it has no `else` (the message names the values compared).
        public static let noBranchMatched = Code(name: "no_branch_matched")
        /// Files, blobs or processes failed on this machine.
        public static let io = Code(name: "io")
        public var description: String { name }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
