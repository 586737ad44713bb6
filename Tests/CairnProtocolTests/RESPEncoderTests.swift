import CairnProtocol
import NIOCore
import Testing

@Suite struct RESPEncoderTests {
    func wire(_ value: RESPValue, _ version: RESPVersion = .resp2) -> String {
        String(buffer: value.encoded(version: version))
    }

    @Test func resp2WireForms() {
        #expect(wire(.simpleString("OK")) == "+OK\r\n")
        #expect(wire(.error("ERR bad\r\nthing\n!")) == "-ERR bad thing !\r\n")
        #expect(wire(.integer(-42)) == ":-42\r\n")
        #expect(wire(.bulk("hi")) == "$2\r\nhi\r\n")
        #expect(wire(.bulk("")) == "$0\r\n\r\n")
        #expect(wire(.null) == "$-1\r\n")
        #expect(wire(.array([.integer(1), .bulk("a"), .null])) == "*3\r\n:1\r\n$1\r\na\r\n$-1\r\n")
        #expect(wire(.array([])) == "*0\r\n")
        #expect(wire(.double(1.5)) == "$3\r\n1.5\r\n")
        #expect(wire(.boolean(true)) == ":1\r\n")
        #expect(wire(.map([(key: .bulk("k"), value: .integer(2))])) == "*2\r\n$1\r\nk\r\n:2\r\n")
    }

    @Test func errorLinesQuotingHugeArgumentsAreCutAtACharacterBoundary() {
        let line = wire(.error("ERR bad value '" + String(repeating: "é", count: 1 << 19) + "'"))
        #expect(line.hasPrefix("-ERR bad value 'éé") && line.hasSuffix("é…\r\n"))
        #expect(line.utf8.count <= RESPValue.maxErrorLength + 3)
        #expect(wire(.error("ERR short")) == "-ERR short\r\n")
    }

    @Test func resp3WireForms() {
        #expect(wire(.null, .resp3) == "_\r\n")
        #expect(wire(.double(1.5), .resp3) == ",1.5\r\n")
        #expect(wire(.double(.infinity), .resp3) == ",inf\r\n")
        #expect(wire(.boolean(false), .resp3) == "#f\r\n")
        #expect(wire(.map([(key: .bulk("k"), value: .integer(2))]), .resp3) == "%1\r\n$1\r\nk\r\n:2\r\n")
    }

    @Test func requestsEncodeAsMultibulk() {
        var buffer = ByteBuffer()
        RESPRequest("CACHE.GET", "p/d/n/v", "tag").write(to: &buffer)
        #expect(String(buffer: buffer) == "*3\r\n$9\r\nCACHE.GET\r\n$7\r\np/d/n/v\r\n$3\r\ntag\r\n")
        #expect(RESPRequest("cache.get").commandName == "CACHE.GET")
    }
}
