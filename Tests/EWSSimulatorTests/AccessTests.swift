import EWS
import EWSSimulator
import Foundation
import Testing

@Suite("Delegate and impersonation rights")
struct AccessTests {
    private func send(
        _ request: EWSRequest,
        as credentials: TestEWSSession.Credentials,
        port: Int
    ) async throws -> TestHTTPConnection.Response {
        try await TestHTTPConnection.with(port: port) { connection in
            try await TestEWSSession(connection: connection, credentials: credentials).send(request)
        }
    }

    private let bob = TestEWSSession.Credentials.basic(user: "bob", password: Fixture.bobPassword)
    private let service = TestEWSSession.Credentials.basic(user: "CONTOSO\\svc-sync", password: Fixture.servicePassword)

    @Test func aDelegateOpensSharedMailboxesOnly() async throws {
        try await Fixture.withSimulator { simulator, port in
            try simulator.addMessage(Fixture.message(1), mailbox: Fixture.shared)
            let shared = EWSRequestBuilder(version: .exchange2013SP1, access: .delegate(smtpAddress: Fixture.shared))
            let allowed = try await send(
                try shared.syncFolderItems(folder: .distinguished(.inbox), syncState: nil), as: bob, port: port
            )
            let page = try #require(try EWSResponseParser.parseSyncFolderItems(allowed.body).messages?.first)
            #expect(page.status.isSuccess)
            #expect(page.changes.count == 1)

            let alice = EWSRequestBuilder(version: .exchange2013SP1, access: .delegate(smtpAddress: Fixture.alice))
            let denied = try await send(
                try alice.syncFolderItems(folder: .distinguished(.inbox), syncState: nil), as: bob, port: port
            )
            let refused = try #require(try EWSResponseParser.parseSyncFolderItems(denied.body).messages?.first)
            #expect(refused.status.responseCode == .errorAccessDenied)
            #expect(refused.status.disposition == .mailboxLevel)

            let nobody = EWSRequestBuilder(
                version: .exchange2013SP1, access: .delegate(smtpAddress: "nobody@contoso.com"))
            let missing = try await send(try nobody.getFolders([.distinguished(.inbox)]), as: bob, port: port)
            #expect(
                try EWSResponseParser.parseGetFolder(missing.body).messages?.first?.status.responseCode
                    == .errorNonExistentMailbox)
        }
    }

    @Test func aDelegateCannotReadItemsOfAnotherMailboxByID() async throws {
        try await Fixture.withSimulator { simulator, port in
            let message = try simulator.addMessage(Fixture.message(1), mailbox: Fixture.alice)
            let id = EWSItemID(id: try #require(simulator.itemID(of: message)))
            let answer = try await send(
                try EWSRequestBuilder(version: .exchange2016).getItems([id]), as: bob, port: port)
            #expect(
                try EWSResponseParser.parseGetItem(answer.body).messages?.first?.status.responseCode
                    == .errorAccessDenied)
        }
    }

    @Test func impersonationNeedsTheRight() async throws {
        try await Fixture.withSimulator { simulator, port in
            try simulator.addMessage(Fixture.message(1), mailbox: Fixture.alice)
            let asAlice = EWSRequestBuilder(version: .exchange2016, access: .impersonation(smtpAddress: Fixture.alice))
            let request = try asAlice.syncFolderItems(folder: .distinguished(.inbox), syncState: nil)
            #expect(request.headers.contains { $0.name == "X-AnchorMailbox" })

            let allowed = try await send(request, as: service, port: port)
            let page = try #require(try EWSResponseParser.parseSyncFolderItems(allowed.body).messages?.first)
            #expect(page.status.isSuccess)
            #expect(page.changes.count == 1)

            let denied = try await send(request, as: bob, port: port)
            #expect(denied.status == 500)
            let fault = try #require(try EWSResponseParser.parseSyncFolderItems(denied.body).fault)
            #expect(fault.responseCode == .errorImpersonateUserDenied)

            let nobody = EWSRequestBuilder(
                version: .exchange2016, access: .impersonation(smtpAddress: "nobody@contoso.com"))
            let missing = try await send(nobody.syncFolderHierarchy(syncState: nil), as: service, port: port)
            #expect(
                try EWSResponseParser.parseSyncFolderHierarchy(missing.body).fault?.responseCode
                    == .errorNonExistentMailbox)
        }
    }

    @Test func anUnknownSchemaVersionIsRefused() async throws {
        try await Fixture.withSimulator { _, port in
            let request = EWSRequestBuilder(version: .exchange2016).syncFolderHierarchy(syncState: nil)
            let body = String(decoding: request.body, as: UTF8.self)
                .replacingOccurrences(of: "Exchange2016", with: "Exchange2099")
            let answer = try await TestHTTPConnection.with(port: port) { connection in
                try await TestEWSSession(
                    connection: connection, credentials: .basic(user: "alice", password: Fixture.alicePassword)
                ).send(body: Array(body.utf8))
            }
            #expect(
                try EWSResponseParser.parseSyncFolderHierarchy(answer.body).fault?.responseCode
                    == .errorInvalidServerVersion)
        }
    }
}
