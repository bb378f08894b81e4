import Foundation
import GraphSimulator
import NIOHTTP1
import Testing

/// Failures on demand and the conditions Graph reports as errors, each in Graph's error shape.
@Suite struct FailureTests {
    static let cases: [(GraphFailure, Int, String?)] = [
        (.throttled(retryAfter: 2.128), 429, "ApplicationThrottled"),
        (.serviceUnavailable(retryAfter: 5), 503, "ServiceUnavailable"),
        (.gatewayTimeout, 504, "UnknownError"),
        (.syncStateNotFound, 410, "SyncStateNotFound"),
        (.resyncRequired, 410, "resyncRequired"),
        (.mailboxNotEnabledForREST, 404, "MailboxNotEnabledForRESTAPI"),
        (.accessDenied, 403, "ErrorAccessDenied"),
        (.invalidUser, 404, "ErrorInvalidUser"),
        (.resourceNotFound, 404, "ResourceNotFound"),
        (.itemNotFound, 404, "ErrorItemNotFound"),
        (.unauthorized, 401, "InvalidAuthenticationToken"),
    ]

    @Test(arguments: cases)
    func injectedFailureComesOnceInGraphsShape(failure: GraphFailure, status: Int, code: String?) async throws {
        try await Fixture.withSimulator { simulator, session in
            simulator.failNext(.messageDelta, mailbox: Fixture.alice, with: failure)
            let path = "/v1.0/users/\(Fixture.alice)/mailFolders/inbox/messages/delta"
            let other = try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders")
            #expect(other.status == 200, "another endpoint is not affected")
            let bob = try await session.get("/v1.0/users/\(Fixture.bob)/mailFolders/inbox/messages/delta")
            #expect(bob.status == 200, "another mailbox is not affected")
            let failed = try await session.get(
                path, headers: [("client-request-id", "c0ffee00-0000-4000-8000-000000000001")])
            #expect(failed.status == status)
            #expect(failed.errorCode == code)
            let inner = (failed.json["error"] as? [String: Any])?["innerError"] as? [String: String]
            #expect(inner?["client-request-id"] == "c0ffee00-0000-4000-8000-000000000001")
            #expect(inner?["request-id"] == failed.header("request-id"))
            #expect(inner?["date"] != nil)
            switch failure {
            case .throttled: #expect(failed.header("Retry-After") == "2.128")
            case .serviceUnavailable: #expect(failed.header("Retry-After") == "5")
            default: #expect(failed.header("Retry-After") == nil)
            }
            let after = try await session.get(path)
            #expect(after.status == 200, "used up")
        }
    }

    @Test func droppedConnection() async throws {
        try await Fixture.withSimulator { simulator, session in
            simulator.failNext(with: .dropConnection)
            await #expect(throws: (any Error).self) {
                _ = try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders")
            }
            let after = try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders")
            #expect(after.status == 200)
        }
    }

    @Test(arguments: [GraphSimulatorConfiguration.UnknownUserAnswer.resourceNotFound, .invalidUser])
    func unknownUsers(answer: GraphSimulatorConfiguration.UnknownUserAnswer) async throws {
        try await Fixture.withSimulator({ $0.unknownUserAnswer = answer }) { _, session in
            let response = try await session.get("/v1.0/users/nobody%40contoso.com/mailFolders")
            #expect(response.status == 404)
            #expect(response.errorCode == (answer == .invalidUser ? "ErrorInvalidUser" : "ResourceNotFound"))
            if answer == .invalidUser {
                #expect(response.errorMessage == "The requested user 'nobody@contoso.com' is invalid.")
            }
        }
    }

    @Test func mailboxConditions() async throws {
        try await Fixture.withSimulator { simulator, session in
            try simulator.setRESTEnabled(false, mailbox: Fixture.bob)
            let onPremises = try await session.get("/v1.0/users/\(Fixture.bob)/mailFolders")
            #expect(onPremises.status == 404)
            #expect(onPremises.errorCode == "MailboxNotEnabledForRESTAPI")

            simulator.setApplicationAccessPolicy(clientID: Fixture.clientID, allowedMailboxes: [Fixture.alice])
            let allowed = try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders")
            #expect(allowed.status == 200)
            try simulator.setRESTEnabled(true, mailbox: Fixture.bob)
            let denied = try await session.get("/v1.0/users/\(Fixture.bob)/mailFolders")
            #expect(denied.status == 403)
            #expect(denied.errorCode == "ErrorAccessDenied")
            #expect(denied.errorMessage == "Access to OData is disabled.")
        }
    }

    /// Outlook allows 4 concurrent requests per app and mailbox: of 6 at once, 2 are throttled, with Retry-After;
    /// another mailbox has its own 4.
    @Test func sixConcurrentRequestsTwoThrottled() async throws {
        try await Fixture.withSimulator({
            $0.responseDelay = .milliseconds(1500)
            $0.throttleRetryAfter = 1.5
        }) {
            simulator, session in
            let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let response = try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders/inbox")
                        return (response.status, response.header("Retry-After"))
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(200))
                    let response = try await session.get("/v1.0/users/\(Fixture.bob)/mailFolders/inbox")
                    return (response.status + 1000, nil)
                }
                var all: [(Int, String?)] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(statuses.filter { $0.0 == 200 }.count == 4)
            #expect(statuses.filter { $0.0 == 429 }.count == 2)
            #expect(statuses.filter { $0.0 == 429 }.allSatisfy { $0.1 == "1.5" })
            #expect(statuses.contains { $0.0 == 1200 }, "bob's mailbox is not throttled")
            let throttled = simulator.receivedRequests.filter { $0.status == 429 }
            #expect(throttled.count == 2)
            let after = try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders/inbox")
            #expect(after.status == 200, "slots come back")
        }
    }
}
