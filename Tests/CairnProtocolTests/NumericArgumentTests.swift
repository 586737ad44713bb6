import CairnCore
import NIOCore
import Testing

@testable import CairnProtocol

/// Every number a request carries is range-checked where it is parsed, with an error naming the
/// argument and its range: the requests that used to trap the server (issue 11) are refused here.
@Suite struct NumericArgumentTests {
    private func failure(_ words: String...) -> String? {
        do {
            _ = try Command.parse(RESPRequest(arguments: words.map { ByteBuffer(string: $0) }))
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func ttlsPastHundredYearsAreRefused() {
        let ttl = "TTL must be an integer in 1 … 3153600000 seconds"
        #expect(failure("CACHE.PUT", "a/b/c/d", "t", "TTL", "9223372036854", "DATA", "o0", "v")?.contains(ttl) == true)
        #expect(failure("ARTIFACT.CREATE", "a/b/c/d", "TTL", "9223372036854", "DATA", "o0", "v")?.contains(ttl) == true)
        #expect(
            failure("ARTIFACT.UPDATE", "a/b/c/d", "t", "TTL", "9223372036854", "DATA", "o0", "v")?.contains(ttl) == true
        )
        #expect(failure("CACHE.PUT", "a/b/c/d", "t", "TTL", "-5", "DATA", "o0", "v")?.contains(ttl) == true)
        #expect(failure("CACHE.PUT", "a/b/c/d", "t", "TTL", "3153600000", "DATA", "o0", "v") == nil)
    }

    @Test func creationTimesOutsideYearsNineteenSeventyToNineNineNineNineAreRefused() {
        let from = "CREATED-FROM must be an integer in 0 … 253402300799999 ms since 1970"
        #expect(failure("ARTIFACT.LIST", "a/b/c/d", "CREATED-FROM", "9223372036854776")?.contains(from) == true)
        #expect(
            failure("ARTIFACT.LIST", "a/b/c/d", "CREATED-BEFORE", "-9223372036854775808")?.contains("CREATED-BEFORE")
                == true)
        #expect(failure("ARTIFACT.LIST", "a/b/c/d", "CREATED-FROM", "253402300799999") == nil)
        #expect(failure("ARTIFACT.LIST", "a/b/c/d", "CREATED-BEFORE", "0") == nil)
    }

    @Test func negativeLeasesAreRefusedAndZeroAsksForTheDefault() {
        #expect(
            failure("CACHE.RESERVE", "a/b/c/d", "t", "me", "-5")
                == "ERR lease-ms must be an integer in 0 … 86400000 ms, got '-5'")
        #expect(failure("CACHE.RESERVE", "a/b/c/d", "t", "me", "0") == nil)
        #expect(failure("CACHE.RESERVE", "a/b/c/d", "t", "me", "86400001")?.contains("lease-ms") == true)
    }

    @Test func notANumberInAnySpellingIsRefusedWithTheArgumentsName() {
        for text in ["", "1e308", "NaN", "0x10", " 5", "5 ", "9223372036854775808", String(repeating: "9", count: 400)]
        {
            #expect(
                failure("CACHE.RESERVE", "a/b/c/d", "t", "me", text)?.contains("lease-ms must be") == true, "\(text)")
            #expect(failure("CACHE.PUT", "a/b/c/d", "t", "FENCE", text, "DATA", "o0", "v")?.contains("FENCE") == true)
            #expect(failure("ADMIN.PURGE", "ALL", "BATCH", text)?.contains("BATCH must be") == true)
        }
        #expect(failure("CACHE.PUT", "a/b/c/d", "t", "FENCE", "-1", "DATA", "o0", "v")?.contains("FENCE") == true)
        #expect(failure("ADMIN.PURGE", "ALL", "BATCH", "100001")?.contains("1 … 100000") == true)
    }

    @Test func rangesParseOnlyDecimalIntegers() throws {
        let range = NumericRange(-3, 3)
        #expect(try range.parse("-3", argument: "x") == -3)
        #expect(try range.parse("+3", argument: "x") == 3)
        #expect(try range.parse("-0", argument: "x") == 0)
        let error = #expect(throws: CairnError.self) { try range.parse("4", argument: "x") }
        #expect(error?.field == "x" && error?.code == .invalidArgument)
        #expect(error?.message == "x must be an integer in -3 … 3, got '4'")
        let long = #expect(throws: CairnError.self) {
            try range.parse(String(repeating: "7", count: 100), argument: "x")
        }
        #expect(long?.message.hasSuffix("got '\(String(repeating: "7", count: 32))…'") == true)
    }
}
