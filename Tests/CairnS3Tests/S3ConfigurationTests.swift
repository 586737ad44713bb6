import CairnCore
import Testing

@testable import CairnS3

/// Parsing locations, credentials and settings; no server needed.
@Suite struct S3ConfigurationTests {
    @Test func locationsParseBucketAndPrefix() throws {
        #expect(try S3Location(parsing: "s3://cairn-blobs") == S3Location(bucket: "cairn-blobs"))
        let location = try S3Location(parsing: "s3://cairn-blobs/team/cache")
        #expect(location.bucket == "cairn-blobs")
        #expect(location.prefix == "team/cache/")
        #expect(location.key("ab/cd") == "team/cache/ab/cd")
        #expect(location.description == "s3://cairn-blobs/team/cache/")
    }

    @Test func badLocationsNameTheArgument() {
        for text in ["file:///tmp", "s3://", "s3://Upper/x", "s3://ab", "s3://-bucket/x"] {
            let error = #expect(throws: CairnError.self) { try S3Location(parsing: text) }
            #expect(error?.field == "blob-store")
        }
    }

    @Test func credentialsComeFromTheEnvironment() throws {
        #expect(try S3Credentials.fromEnvironment([:]) == nil)
        let credentials = try S3Credentials.fromEnvironment([
            "AWS_ACCESS_KEY_ID": "key", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token",
        ])
        #expect(credentials == S3Credentials(accessKeyID: "key", secretAccessKey: "secret", sessionToken: "token"))
        let error = #expect(throws: CairnError.self) { try S3Credentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "key"]) }
        #expect(error?.field == "AWS_SECRET_ACCESS_KEY")
    }

    @Test func theSharedFileGivesTheProfilesCredentials() throws {
        let text = """
            [default]
            aws_access_key_id = default-key
            aws_secret_access_key = default-secret

            # a comment
            [build]
            aws_access_key_id=build-key
            aws_secret_access_key=build/secret=
            aws_session_token = build-token
            """
        #expect(
            try S3Credentials.parseSharedFile(text, profile: "build")
                == S3Credentials(
                    accessKeyID: "build-key", secretAccessKey: "build/secret=", sessionToken: "build-token"))
        #expect(try S3Credentials.parseSharedFile(text, profile: "default")?.accessKeyID == "default-key")
        #expect(try S3Credentials.parseSharedFile(text, profile: "missing") == nil)
        #expect(
            try S3Credentials.resolve(environment: ["AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"]).accessKeyID
                == "k")
    }

    @Test func settingsOutOfRangeNameTheirField() {
        var configuration = S3Client.Configuration()
        configuration.partSize = 1 << 20
        #expect(
            throws: CairnError.invalid("s3-part-size", "must be 5 MiB to 5 GiB (S3's part limits), got 1048576 bytes")
        ) {
            try configuration.validate()
        }
        configuration = S3Client.Configuration()
        configuration.partsInFlight = 0
        let error = #expect(throws: CairnError.self) { try configuration.validate() }
        #expect(error?.field == "s3-parts-in-flight")
        configuration = S3Client.Configuration()
        configuration.endpoint = "ftp://host"
        let endpointError = #expect(throws: CairnError.self) { try S3Endpoint(configuration: configuration) }
        #expect(endpointError?.field == "s3-endpoint")
    }

    @Test func addressingPutsTheBucketInThePathOrTheHost() throws {
        var configuration = S3Client.Configuration()
        configuration.endpoint = "http://127.0.0.1:9000"
        configuration.pathStyle = true
        let pathStyle = try S3Endpoint(configuration: configuration)
        #expect(pathStyle.hostHeader(bucket: "b") == "127.0.0.1:9000")
        #expect(pathStyle.encodedPath(bucket: "b", key: "k/é") == "/b/k/%C3%A9")
        configuration.endpoint = nil
        configuration.pathStyle = false
        let virtual = try S3Endpoint(configuration: configuration)
        #expect(virtual.hostHeader(bucket: "b") == "b.s3.us-east-1.amazonaws.com")
        #expect(virtual.encodedPath(bucket: "b", key: "k") == "/k")
        #expect(virtual.encodedPath(bucket: "b", key: nil) == "/")
    }
}
