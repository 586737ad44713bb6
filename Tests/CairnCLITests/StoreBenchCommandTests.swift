import Testing

@testable import CairnCLI

@Suite struct StoreBenchCommandTests {
    @Test func concurrencyListIsParsed() throws {
        #expect(try StoreBenchCommand.list("1,4,16") == [1, 4, 16])
    }

    @Test func spacesAroundNumbersAreAllowed() throws {
        #expect(try StoreBenchCommand.list(" 2, 8 ,32") == [2, 8, 32])
    }

    @Test(arguments: ["0", "x", "1,0", "1,x", "-4", "1.5", "", "4,16,"])
    func nonPositiveOrNonNumericEntriesAreRejected(_ text: String) {
        #expect(throws: (any Error).self) { try StoreBenchCommand.list(text) }
    }
}
