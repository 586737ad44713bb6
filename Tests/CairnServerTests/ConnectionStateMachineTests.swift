import NIOCore
import Testing

@testable import CairnServer

@Suite struct ConnectionStateMachineTests {
    typealias Action = ConnectionStateMachine.Action

    private func bytes(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    private func arrive(_ machine: inout ConnectionStateMachine) throws -> ConnectionStateMachine.Ticket {
        let ticket = machine.requestArrived()
        return try #require(ticket)
    }

    private func ready(
        _ machine: inout ConnectionStateMachine, _ ticket: ConnectionStateMachine.Ticket, _ text: String,
        close: Bool = false
    ) -> Action {
        machine.replyReady(ticket, bytes(text), close: close)
    }

    @Test func repliesGoOutInRequestOrderWhenLaterRequestsFinishFirst() throws {
        var machine = ConnectionStateMachine(maxPipelineDepth: 8)
        let first = try arrive(&machine)
        let second = try arrive(&machine)
        let third = try arrive(&machine)
        #expect(ready(&machine, third, "3") == .none)
        #expect(ready(&machine, second, "2") == .none)
        #expect(ready(&machine, first, "1") == .write([bytes("1"), bytes("2"), bytes("3")], close: false))
        #expect(machine.inFlight == 0)
    }

    @Test func aReadyPrefixIsWrittenWhileLaterRequestsRun() throws {
        var machine = ConnectionStateMachine(maxPipelineDepth: 8)
        let first = try arrive(&machine)
        let second = try arrive(&machine)
        #expect(ready(&machine, first, "1") == .write([bytes("1")], close: false))
        #expect(machine.inFlight == 1)
        #expect(ready(&machine, second, "2") == .write([bytes("2")], close: false))
    }

    @Test func readingPausesAtThePipelineDepthAndResumesBelowIt() throws {
        var machine = ConnectionStateMachine(maxPipelineDepth: 2)
        let first = try arrive(&machine)
        #expect(machine.shouldRead)
        _ = try arrive(&machine)
        #expect(!machine.shouldRead)
        _ = ready(&machine, first, "1")
        #expect(machine.shouldRead)
    }

    @Test func quitClosesAfterItsReplyAndDropsRequestsBehindIt() throws {
        var machine = ConnectionStateMachine(maxPipelineDepth: 8)
        let get = try arrive(&machine)
        let quit = try arrive(&machine)
        let late = try arrive(&machine)  // read in the same packet, after QUIT
        #expect(ready(&machine, quit, "+OK", close: true) == .none)
        #expect(machine.requestArrived() == nil)
        #expect(ready(&machine, get, "hit") == .write([bytes("hit"), bytes("+OK")], close: true))
        #expect(ready(&machine, late, "late") == .none)
    }

    @Test func drainClosesAtOnceWhenIdleAndAfterTheLastReplyOtherwise() throws {
        var idle = ConnectionStateMachine(maxPipelineDepth: 8)
        #expect(idle.drain() == .close)

        var busy = ConnectionStateMachine(maxPipelineDepth: 8)
        let ticket = try arrive(&busy)
        #expect(busy.drain() == .none)
        #expect(!busy.shouldRead)
        #expect(busy.requestArrived() == nil)
        #expect(ready(&busy, ticket, "1") == .write([bytes("1")], close: true))
    }

    @Test func anIdleTimeoutLeavesABusyConnectionAlone() throws {
        var machine = ConnectionStateMachine(maxPipelineDepth: 8)
        #expect(machine.idle() == .close)
        _ = try arrive(&machine)
        #expect(machine.idle() == .none)
    }
}
