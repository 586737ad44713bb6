import CairnCore

/// `DATASET.CREATE dataset [META k v]… [PARTITION key]…`: creates a dataset (idempotent).
public struct DatasetCreate: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "DATASET.CREATE", arity: -2, flags: [.write], role: .writer, keys: (1, 1, 1),
        summary: "create a dataset with metadata and partition keys (idempotent)")

    public var dataset: DatasetID
    public var metadata: [String: String]
    /// In the order given; the store sorts and checks them.
    public var partitionKeys: [String]

    public init(dataset: DatasetID, metadata: [String: String] = [:], partitionKeys: [String] = []) {
        self.dataset = dataset
        self.metadata = metadata
        self.partitionKeys = partitionKeys
    }

    public init(from arguments: inout Arguments) throws {
        self.init(dataset: try arguments.dataset())
        while let option = try arguments.option(of: Self.spec.name, allowed: ["META", "PARTITION"]) {
            switch option {
            case "META": try arguments.metadataEntry(into: &metadata)
            default: partitionKeys.append(try arguments.value(of: "PARTITION"))
            }
        }
    }

    public func encode(into arguments: inout ArgumentWriter) {
        arguments.append(dataset.description)
        arguments.append(metadata: metadata)
        for key in partitionKeys { arguments.append("PARTITION", key) }
    }

    /// `[dataset, "created" | "exists"]`.
    public typealias Reply = DatasetCreated

    /// The dataset and whether this request created it.
    public struct DatasetCreated: Hashable, Sendable {
        public var dataset: DatasetID
        public var outcome: CreateOutcome

        public init(dataset: DatasetID, outcome: CreateOutcome) {
            self.dataset = dataset
            self.outcome = outcome
        }
    }

    public func encodeReply(_ reply: DatasetCreated) -> RESPValue {
        .array([.bulk(reply.dataset.description), .bulk(reply.outcome.rawValue)])
    }

    public func decodeReply(_ value: RESPValue) throws -> DatasetCreated {
        let fields = try value.array("DATASET.CREATE reply", count: 2, shape: "[dataset, outcome]")
        let id = try fields[0].string("dataset")
        guard let outcome = CreateOutcome(rawValue: try fields[1].string("outcome")) else {
            throw fields[1].unexpected("outcome", "created or exists")
        }
        return DatasetCreated(
            dataset: try UnexpectedReply.decoding("dataset") { try DatasetID(parsing: id) }, outcome: outcome)
    }
}
