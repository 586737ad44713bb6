import CairnClient
import CairnCore
import CairnProtocol
import Testing

/// Many callers, one connection: replies must reach the caller whose request they answer.
@Suite struct PipeliningTests {
    @Test func aThousandConcurrentGetsShareOneConnectionAndGetTheirOwnReplies() async throws {
        try await withClient { client in
            var ids: [String: ArtifactID] = [:]
            for index in 0..<50 {
                let put = try await client.put(
                    dataset: Fixture.dataset, tag: Fixture.tag("tag-\(index)"),
                    data: Fixture.items(["value": "value-\(index)"]))
                ids["tag-\(index)"] = put.artifactID
            }
            let connection = try await client.send(["CLIENT", "ID"])
            let expected = ids
            try await withThrowingTaskGroup(of: Void.self) { group in
                for request in 0..<1000 {
                    group.addTask {
                        // Every seventh asks for a tag that is not there: misses are interleaved with hits.
                        let index = request % 7 == 0 ? 1000 + request : request % 50
                        let hit = try await client.get(dataset: Fixture.dataset, tag: Fixture.tag("tag-\(index)"))
                        if index >= 1000 {
                            #expect(hit == nil, "request \(request)")
                        } else {
                            #expect(hit?.id == expected["tag-\(index)"], "request \(request)")
                            #expect(hit?.items == Fixture.items(["value": "value-\(index)"]), "request \(request)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await client.send(["CLIENT", "ID"]) == connection, "the client reconnected")
        }
    }

    @Test func mixedCommandsPipelinedFromManyTasksStayInOrder() async throws {
        try await withClient { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<300 {
                    group.addTask {
                        switch index % 3 {
                        case 0:
                            let reply = try await client.ping("p\(index)")
                            #expect(reply == "p\(index)")
                        case 1:
                            let reply = try await client.send(["ECHO", "e\(index)"])
                            #expect(reply == .bulk("e\(index)"))
                        default:
                            let error = await #expect(throws: CairnClientError.self) {
                                try await client.send(["NO.SUCH.\(index)"])
                            }
                            #expect(
                                error?.message.lowercased().contains("'no.such.\(index)'") == true,
                                "\(String(describing: error))")
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }
}
