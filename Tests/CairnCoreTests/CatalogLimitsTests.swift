import CairnCore
import Testing

@Suite struct CatalogLimitsTests {
    @Test func partitionsWithNameKeysAndTokenValuesAreAccepted() throws {
        try CatalogLimits().validatePartitions(
            ["region": "eu-west/1", "date": "2024-01-01T00:00:00Z", "a.b": "~!"])
        try CatalogLimits().validatePartitions([:])
    }

    @Test(arguments: [
        "", "has space", "a/b", "ключ",
        String(repeating: "k", count: CatalogLimits.maxKeyLength + 1),
    ])
    func badPartitionKeyIsRejected(_ key: String) {
        expectCairnError(.invalidArgument, field: "partition key") {
            try CatalogLimits().validatePartitions([key: "v"])
        }
    }

    @Test(arguments: [
        "", "has space", "tab\t", "é",
        String(repeating: "v", count: CatalogLimits.maxPartitionValueLength + 1),
    ])
    func badPartitionValueIsRejectedNamingTheKey(_ value: String) {
        expectCairnError(.invalidArgument, field: "partition value of region") {
            try CatalogLimits().validatePartitions(["region": value])
        }
    }

    @Test func partitionKeyAndValueOfMaximumLengthAreAccepted() throws {
        try CatalogLimits().validatePartitions([
            String(repeating: "k", count: CatalogLimits.maxKeyLength):
                String(repeating: "v", count: CatalogLimits.maxPartitionValueLength)
        ])
    }

    @Test func partitionsOverTheLimitAreRejected() throws {
        var limits = CatalogLimits()
        limits.maxPartitions = 2
        try limits.validatePartitions(["a": "1", "b": "2"])
        expectCairnError(.limitExceeded, field: "partitions") {
            try limits.validatePartitions(["a": "1", "b": "2", "c": "3"])
        }
    }

    @Test(arguments: [(Int.min, 1), (-5, 1), (0, 1), (1, 1), (50, 50), (1000, 1000), (1001, 1000), (Int.max, 1000)])
    func pageSizeIsClampedToOneThroughTheMaximum(_ requested: Int, _ expected: Int) {
        #expect(CatalogLimits().maxPageSize == 1000)
        #expect(CatalogLimits().pageSize(requested) == expected)
    }

    @Test func pageSizeFollowsAConfiguredMaximum() {
        var limits = CatalogLimits()
        limits.maxPageSize = 10
        #expect(limits.pageSize(11) == 10)
        #expect(limits.pageSize(10) == 10)
        #expect(limits.pageSize(9) == 9)
    }
}
