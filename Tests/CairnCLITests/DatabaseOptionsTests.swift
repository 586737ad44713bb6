import Testing

@testable import CairnCLI

@Suite struct DatabaseOptionsTests {
    @Test func passwordInAURLIsHidden() {
        let redacted = DatabaseOptions.redacted("postgresql://cairn:s3cret@db.example:5432/cairn?sslmode=require")
        #expect(!redacted.contains("s3cret"))
        #expect(redacted.contains("***"))
        #expect(redacted.contains("cairn:"))
        #expect(redacted.contains("@db.example:5432/cairn?sslmode=require"))
    }

    @Test func passwordInKeywordFormIsHidden() {
        let redacted = DatabaseOptions.redacted("host=db port=5432 user=cairn password=s3cret dbname=cairn")
        #expect(redacted == "host=db port=5432 user=cairn password=*** dbname=cairn")
    }

    @Test func passwordAsAURLQueryParameterIsHidden() {
        let redacted = DatabaseOptions.redacted("postgresql://db.example/cairn?user=cairn&password=s3cret")
        #expect(!redacted.contains("s3cret"))
        #expect(redacted.contains("db.example/cairn"))
    }

    @Test(arguments: [
        "postgresql://cairn@db.example:5432/cairn", "host=/tmp/sockets port=5432 user=cairn dbname=cairn",
    ])
    func connectionStringWithoutAPasswordIsUnchanged(_ url: String) {
        #expect(DatabaseOptions.redacted(url) == url)
    }

    @Test(arguments: ["host=db password='s3 cret' dbname=cairn", "host=db password = s3cret dbname=cairn"])
    func quotedOrSpacedKeywordPasswordIsHidden(_ connection: String) {
        // libpq allows quoted values and spaces around `=`.
        let redacted = DatabaseOptions.redacted(connection)
        #expect(!redacted.contains("cret"), "\(redacted)")
        #expect(redacted.hasSuffix("dbname=cairn"))
    }
}
