import ClientTLS
@testable import EWS
import EWSSimulator
import Domain
import Foundation
import Testing

/// The product's EWS transport (NIO HTTP/1.1, NTLM three legs on one connection, Basic, Bearer) against the
/// simulator: what the sync will use.
@Suite("EWS transport against the simulator")
struct TransportTests {
    func endpoint(_ port: Int) -> URL { URL(string: "http://127.0.0.1:\(port)/EWS/Exchange.asmx")! }

    func syncHierarchy(_ transport: EWSTransport, as access: EWSMailboxAccess = .own) async throws -> Bool {
        let request = EWSRequestBuilder(version: .exchange2016, access: access).syncFolderHierarchy(syncState: nil)
        let body = try await transport.post(request.body, headers: request.headers.map { ($0.name, $0.value) })
        return try EWSResponseParser.parseSyncFolderHierarchy(body).messages?.first?.status.isSuccess == true
    }

    @Test func ntlmLogsInOnceAndReusesTheConnection() async throws {
        try await Fixture.withSimulator([.ntlm]) { simulator, port in
            let transport = try EWSTransport(
                endpoint: endpoint(port),
                authentication: .ntlm(NTLMCredentials(account: "CONTOSO\\alice", password: Fixture.alicePassword)),
                policy: Fixture.outboundPolicy)
            #expect(try await syncHierarchy(transport))
            #expect(try await syncHierarchy(transport))
            await transport.close()
            // A new connection logs in again by itself.
            #expect(try await syncHierarchy(transport))
            await transport.close()
        }
    }

    @Test func ntlmWrongPasswordIsAnAuthenticationError() async throws {
        try await Fixture.withSimulator([.ntlm]) { _, port in
            let transport = try EWSTransport(
                endpoint: endpoint(port),
                authentication: .ntlm(NTLMCredentials(account: "alice", password: "wrong")),
                policy: Fixture.outboundPolicy)
            await #expect(throws: MailSourceError.self) { try await syncHierarchy(transport) }
            do {
                _ = try await syncHierarchy(transport)
            } catch let error as MailSourceError {
                #expect(error.kind == .authentication)
            }
        }
    }

    @Test func basicAndBearer() async throws {
        try await Fixture.withSimulator([.basic, .bearer]) { _, port in
            let basic = try EWSTransport(endpoint: endpoint(port),
                                         authentication: .basic(user: "alice", password: Fixture.alicePassword),
                                         policy: Fixture.outboundPolicy)
            #expect(try await syncHierarchy(basic))
            let wrong = try EWSTransport(endpoint: endpoint(port), authentication: .basic(user: "alice", password: "x"),
                                         policy: Fixture.outboundPolicy)
            do {
                _ = try await syncHierarchy(wrong)
                Issue.record("a wrong Basic password was accepted")
            } catch let error as MailSourceError {
                #expect(error.kind == .authentication)
            }
            // An expired token is refreshed once.
            let refreshed = Counter()
            let bearer = try EWSTransport(endpoint: endpoint(port), authentication: .bearer { refresh in
                await refreshed.add(refresh ? 1 : 0)
                return refresh ? Fixture.appToken : "expired"
            }, policy: Fixture.outboundPolicy)
            // App-only tokens act on a mailbox by impersonation.
            #expect(try await syncHierarchy(bearer, as: .impersonation(smtpAddress: Fixture.alice)))
            #expect(await refreshed.value == 1)
        }
    }

    @Test func throttlingAndDroppedConnectionsAreTransient() async throws {
        try await Fixture.withSimulator([.basic]) { simulator, port in
            let transport = try EWSTransport(endpoint: endpoint(port),
                                             authentication: .basic(user: "alice", password: Fixture.alicePassword),
                                             policy: Fixture.outboundPolicy)
            for failure: InjectedFailure in [.http503, .http429(retryAfter: 7), .dropConnection] {
                simulator.failNext(.syncFolderHierarchy, with: failure)
                do {
                    _ = try await syncHierarchy(transport)
                    Issue.record("\(failure) passed")
                } catch let error as MailSourceError {
                    guard case .transient(let hint) = error.kind else {
                        Issue.record("\(failure) gave \(error.kind)")
                        continue
                    }
                    if case .http429 = failure { #expect(hint == .seconds(7)) }
                }
                // The next call works again on a fresh connection.
                #expect(try await syncHierarchy(transport))
            }
        }
    }

    actor Counter {
        var value = 0
        func add(_ amount: Int) { value += amount }
    }
}
