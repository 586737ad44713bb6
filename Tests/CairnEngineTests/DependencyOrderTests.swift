import Testing

@testable import CairnEngine

@Suite struct DependencyOrderTests {
    @Test func alreadyOrderedNodesKeepFileOrder() {
        let result = DependencyOrder.sort([[], [0], [0, 1], []])
        #expect(result.order == [0, 1, 2, 3])
        #expect(result.cycles.isEmpty)
    }

    @Test func nodesMoveOnlyAsFarAsTheirDependenciesRequire() {
        // 0 reads 3; 1 and 2 are free; 3 reads 2.
        let result = DependencyOrder.sort([[3], [], [], [2]])
        #expect(result.order == [1, 2, 3, 0])
    }

    @Test func cyclesAreFoundStartingAtTheirSmallestNode() {
        // 1 -> 2 -> 3 -> 1 is a cycle; 0 reads it; 4 reads itself; 5 is free.
        let result = DependencyOrder.sort([[1], [2], [3], [1], [4], []])
        #expect(result.order == [5])
        #expect(result.cycles == [[1, 2, 3], [4]])
    }

    @Test func duplicateDependenciesCountOnce() {
        #expect(DependencyOrder.sort([[], [0, 0]]).order == [0, 1])
    }
}
