import CairnCore
import Foundation
import Testing

@testable import CairnEngine

/// A map node's elements in the persisted state: they round trip, and stay compact.
@Suite struct MapStateTests {
    /// One map node of `count` elements, most hits, some failed, some not yet run.
    static func state(elements count: Int) -> ExecutionState {
        var state = ExecutionState(nodeCount: 2)
        state.nodes[0].phase = .running
        var elements = MapElements(count: count)
        for element in 0..<count {
            switch element % 100 {
            case 0:
                elements.phases[element] = .failed
                elements.caches[element] = CacheStatus.miss.rawValue
            case 1:
                elements.phases[element] = .running
            default:
                elements.phases[element] = .succeeded
                elements.caches[element] = (element % 10 == 2 ? CacheStatus.populated : .hit).rawValue
                elements.outputs[element] = [.int(Int64(element * element))]
            }
        }
        state.maps[0] = elements
        return state
    }

    @Test func elementsRoundTrip() throws {
        let state = Self.state(elements: 1000)
        let decoded = try ExecutionState(encoded: try state.encoded())
        #expect(decoded == state)
        #expect(decoded.maps[0]?.failed.count == 10)
        #expect(decoded.maps[0]?.cache(2) == .populated)
    }

    @Test func elementsOfAnUnknownNodeAreCorrupt() throws {
        var state = Self.state(elements: 10)
        state.maps[5] = MapElements(count: 1)
        #expect(throws: EngineError.self) { try ExecutionState(encoded: try state.encoded()) }
    }

    @Test func aHundredThousandElementsTakeAFewBytesEach() throws {
        let count = 100_000
        let encoded = try Self.state(elements: count).encoded()
        #expect(try ExecutionState(encoded: encoded).maps[0]?.count == count)
        // Two bytes of columns and an int's canonical encoding per element, before zlib.
        #expect(encoded.count < count * 4, "\(encoded.count) bytes")
    }
}
