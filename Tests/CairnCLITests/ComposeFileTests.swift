import Foundation
import Testing
import Yams

@testable import CairnCLI

@Suite struct ComposeFileTests {
    static let settings = Set(Setting.allCases.map(\.rawValue))

    @Test func composeFileHasPostgresAndCairnServices() throws {
        let compose = try ComposeFile.repository()
        #expect(compose.services["postgres"] != nil)
        #expect(compose.services["cairn"] != nil)
    }

    @Test func everyCairnVariableIsASettingCairnReads() throws {
        let compose = try ComposeFile.repository()
        #expect(try compose.unknownCairnVariables(known: Self.settings) == [])
    }

    @Test func cairnServiceConnectsToThePostgresService() throws {
        let compose = try ComposeFile.repository()
        let environment = try compose.environment(of: "cairn")
        let url = try #require(environment[Setting.databaseURL.rawValue] ?? nil, "cairn sets no CAIRN_DATABASE_URL")
        let host = try #require(URLComponents(string: url)?.host, "no host in \(url)")
        #expect(host == "postgres")
        #expect(compose.services[host] != nil, "no service named \(host)")
    }

    @Test func cairnServiceWaitsForAHealthyPostgres() throws {
        let compose = try ComposeFile.repository()
        let cairn = try #require(compose.services["cairn"])
        #expect(cairn["depends_on"]?["postgres"]?["condition"]?.string == "service_healthy")
        let postgres = try #require(compose.services["postgres"])
        let check = try #require(postgres["healthcheck"]?["test"]?.sequence).compactMap(\.string).joined(separator: " ")
        #expect(check.contains("pg_isready"))
    }

    @Test func unknownVariableIsReportedInTheMappingForm() throws {
        let compose = try ComposeFile(
            yaml: """
                services:
                  cairn:
                    environment:
                      CAIRN_LOG_LEVEL: debug
                      CAIRN_BOGUS: "1"
                      OTHER: x
                """)
        #expect(try compose.unknownCairnVariables(known: Self.settings) == ["cairn: CAIRN_BOGUS"])
    }

    @Test func unknownVariableIsReportedInTheListForm() throws {
        let compose = try ComposeFile(
            yaml: """
                services:
                  cairn:
                    environment:
                      - CAIRN_DATABASE_URL=postgresql://a:b@postgres/c
                      - CAIRN_S3_BUCKET=cache
                      - CAIRN_MIGRATE
                  worker:
                    environment:
                      - CAIRN_LISTEN_PORT=7379
                """)
        #expect(
            try compose.unknownCairnVariables(known: Self.settings)
                == ["cairn: CAIRN_S3_BUCKET", "worker: CAIRN_LISTEN_PORT"])
        let environment = try compose.environment(of: "cairn")
        #expect(environment["CAIRN_DATABASE_URL"] == "postgresql://a:b@postgres/c")
        #expect(environment.keys.contains("CAIRN_MIGRATE"))
    }

    @Test func everySettingIsACairnVariable() {
        for setting in Setting.allCases {
            #expect(setting.rawValue.hasPrefix("CAIRN_"), "\(setting)")
        }
    }
}
