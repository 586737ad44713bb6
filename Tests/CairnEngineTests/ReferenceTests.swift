import CairnCore
import Testing

@testable import CairnEngine

@Suite struct ReferenceTests {
    func reference(_ text: String) -> Reference? {
        if case .success(.reference(let reference)) = Reference.parse(text) { return reference }
        return nil
    }

    @Test func inputsReference() {
        #expect(reference("$inputs.s1") == Reference(source: .inputs, name: "s1", path: []))
    }

    @Test func nodeReferenceWithEveryKindOfStep() {
        #expect(
            reference("$my-node.out_1[3][\"k y\"]['z'].f")
                == Reference(
                    source: .node("my-node"), name: "out_1", path: [.index(3), .key("k y"), .key("z"), .key("f")]))
    }

    @Test func doubleDollarEscapesALiteralString() throws {
        guard case .success(.literal(let text)) = Reference.parse("$$inputs.x") else {
            Issue.record("not a literal")
            return
        }
        #expect(text == "$inputs.x")
    }

    @Test func stringsWithoutDollarAreLiterals() {
        guard case .success(.literal(let text)) = Reference.parse("a $b") else {
            Issue.record("not a literal")
            return
        }
        #expect(text == "a $b")
    }

    @Test(arguments: ["$", "$node", "$node.", "$.x", "$a.b[", "$a.b[-1]", "$a.b[\"x]", "$a.b..c", "$a.b c", "$a.b[1"])
    func malformedReferencesAreRejected(_ text: String) {
        guard case .failure = Reference.parse(text) else {
            Issue.record("\(text) was accepted")
            return
        }
    }

    @Test func textRoundTrips() {
        let text = "$n.o[0][\"a b\"].c"
        #expect(reference(text)?.text == text)
    }
}
