import Crypto
import Foundation
import Testing

@testable import CairnS3

/// The worked examples of AWS's "Signature Calculations for the Authorization Header" page (S3 API
/// reference, sig-v4-header-based-auth): example credentials, bucket `examplebucket`, 2013-05-24 00:00 UTC.
/// Each expected signature is the published one, so any canonicalization mistake fails here.
@Suite struct SignatureV4Tests {
    let signer = SignatureV4(
        credentials: S3Credentials(
            accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1")
    let date = Date(timeIntervalSince1970: 1_369_353_600)  // 20130524T000000Z
    let host = ("host", "examplebucket.s3.amazonaws.com")

    func authorization(_ request: SignatureV4.Request) -> String? {
        signer.sign(request, at: date).first { $0.name == "authorization" }?.value
    }

    @Test func getObjectWithRangeMatchesThePublishedSignature() {
        let request = SignatureV4.Request(
            method: "GET", encodedPath: "/test.txt", headers: [host, ("Range", "bytes=0-9")],
            payloadHash: SignatureV4.emptyPayloadHash)
        #expect(
            authorization(request)
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func putObjectEncodesTheKeyAndSignsEveryHeader() {
        let body = Data("Welcome to Amazon S3.".utf8)
        let hash = SignatureV4.hex(Crypto.SHA256.hash(data: body))
        #expect(hash == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        let request = SignatureV4.Request(
            method: "PUT", encodedPath: S3URIEncoding.encodePath("/test$file.text"),
            headers: [host, ("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY")],
            payloadHash: hash)
        #expect(request.encodedPath == "/test%24file.text")
        #expect(
            authorization(request)
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,"
                + "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    @Test func getBucketLifecycleSignsAnEmptyQueryValue() {
        let request = SignatureV4.Request(
            method: "GET", encodedPath: "/", query: [("lifecycle", "")], headers: [host],
            payloadHash: SignatureV4.emptyPayloadHash)
        #expect(
            authorization(request)?.hasSuffix(
                "Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543") == true)
    }

    @Test func listObjectsSortsTheQuery() {
        let request = SignatureV4.Request(
            method: "GET", encodedPath: "/", query: [("prefix", "J"), ("max-keys", "2")], headers: [host],
            payloadHash: SignatureV4.emptyPayloadHash)
        #expect(SignatureV4.canonicalQuery(request.query) == "max-keys=2&prefix=J")
        #expect(
            authorization(request)?.hasSuffix(
                "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7") == true)
    }

    @Test func aSessionTokenIsSentAndSigned() {
        var withToken = signer
        withToken.credentials.sessionToken = "token/with+chars"
        let headers = withToken.sign(
            SignatureV4.Request(
                method: "GET", encodedPath: "/test.txt", headers: [host], payloadHash: SignatureV4.emptyPayloadHash),
            at: date)
        #expect(headers.contains { $0.name == "x-amz-security-token" && $0.value == "token/with+chars" })
        let authorization = headers.first { $0.name == "authorization" }?.value ?? ""
        #expect(authorization.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"))
    }

    @Test func uriEncodingFollowsS3Rules() {
        #expect(S3URIEncoding.encode("a b/c~d_e-f.g*h") == "a%20b%2Fc~d_e-f.g%2Ah")
        #expect(S3URIEncoding.encodePath("/bucket/dir/ü+x=") == "/bucket/dir/%C3%BC%2Bx%3D")
    }

    @Test func headerValuesAreTrimmedAndSpacesCollapsed() {
        #expect(SignatureV4.normalize("  a   b  c ") == "a b c")
    }
}
