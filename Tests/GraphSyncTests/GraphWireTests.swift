import Domain
import Foundation
import MicrosoftGraph
import MicrosoftIdentity
import Testing

/// The pure Graph layer: pages read tolerantly, error answers classified as issue 18's point 2 says, links kept to
/// the configured endpoint, and the clouds' Graph hosts.
@Suite struct GraphWireTests {
    static func body(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func pagesToleratePropertiesTheyDoNotKnowAndEntriesTheyCannotRead() throws {
        let page = try GraphPage<GraphMessageEntry>.parse(Self.body("""
            {"@odata.context":"x","@odata.nextLink":"https://graph.microsoft.com/v1.0/next","value":[
              {"@odata.type":"#microsoft.graph.message","@odata.etag":"W/\\"CQ\\"","receivedDateTime":
               "2026-03-02T10:00:00Z","isRead":true,"id":"AAk=","unknownThing":{"deep":[1,2]}},
              {"id":"AAl=","receivedDateTime":"2026-03-02T10:00:00.123Z"},
              {"id":"AAm=","@removed":{"reason":"changed"}},
              {"receivedDateTime":"no id"},
              {"id":"AAn=","receivedDateTime":42}
            ],"somethingNew":true}
            """))
        #expect(page.nextLink == "https://graph.microsoft.com/v1.0/next")
        #expect(page.deltaLink == nil)
        guard page.entries.count == 5 else { Issue.record("\(page.entries)"); return }
        guard case .item(let first) = page.entries[0], case .item(let second) = page.entries[1] else {
            Issue.record("\(page.entries)"); return
        }
        #expect(first == GraphMessageEntry(id: "AAk=", receivedAt: Date(timeIntervalSince1970: 1_772_445_600),
                                           isRead: true))
        #expect(second.receivedAt == Date(timeIntervalSince1970: 1_772_445_600.123))
        guard case .removed("AAm=", "changed") = page.entries[2] else { Issue.record("\(page.entries[2])"); return }
        guard case .unreadable(nil, _) = page.entries[3] else { Issue.record("\(page.entries[3])"); return }
        // A date of the wrong type is left out; the message itself is kept.
        guard case .item(let fifth) = page.entries[4] else { Issue.record("\(page.entries[4])"); return }
        #expect(fifth.receivedAt == nil)
        #expect(throws: GraphWireError.self) { try GraphPage<GraphMessageEntry>.parse(Self.body("<html>")) }
        #expect(throws: GraphWireError.self) { try GraphPage<GraphMessageEntry>.parse(Self.body("{\"error\":{}}")) }
    }

    static func error(_ status: Int, _ code: String, retryAfter: String? = nil) -> MailSourceError {
        GraphErrorAnswer(status: status, retryAfterHeader: retryAfter,
                         body: body("{\"error\":{\"code\":\"\(code)\",\"message\":\"m\"}}")).error
    }

    @Test func errorAnswersGoToTheRightLevel() {
        #expect(Self.error(429, "ApplicationThrottled", retryAfter: "2.128").kind
            == .transient(retryAfter: .milliseconds(2128)))
        #expect(Self.error(503, "ServiceUnavailable", retryAfter: "3").kind == .transient(retryAfter: .seconds(3)))
        #expect(Self.error(503, "ServiceUnavailable").kind == .transient(retryAfter: nil))
        #expect(GraphErrorAnswer(status: 504, retryAfterHeader: nil, body: []).error.kind
            == .transient(retryAfter: nil))
        for code in ["SyncStateNotFound", "syncStateNotFound", "resyncRequired", "SyncStateInvalid"] {
            #expect(Self.error(410, code).kind == .invalidCursor)
        }
        #expect(Self.error(400, "resyncRequired").kind == .invalidCursor)
        #expect(Self.error(404, "MailboxNotEnabledForRESTAPI").kind == .accessDenied)
        #expect(Self.error(403, "ErrorAccessDenied").kind == .accessDenied)
        #expect(Self.error(404, "ErrorInvalidUser").kind == .mailboxNotFound)
        #expect(Self.error(404, "ResourceNotFound").kind == .mailboxNotFound)
        #expect(Self.error(404, "Request_ResourceNotFound").kind == .mailboxNotFound)
        #expect(Self.error(404, "ErrorItemNotFound").kind == .folderNotFound)
        #expect(Self.error(404, "ErrorSyncFolderNotFound").kind == .folderNotFound)
        #expect(Self.error(401, "InvalidAuthenticationToken").kind == .authentication)
        #expect(Self.error(500, "UnknownError").kind == .transient(retryAfter: nil))
    }

    /// A stale `$skiptoken` gets 400, not 410: each sync-state answer is an invalid cursor, read from the code, the
    /// message or the inner error; another 400 is not.
    @Test func aBadRequestAboutTheSyncStateIsAnInvalidCursor() {
        for code in ["ErrorInvalidSyncStateData", "syncStateNotFound", "SyncStateInvalid"] {
            #expect(Self.error(400, code).kind == .invalidCursor, "\(code)")
        }
        let inner = GraphErrorAnswer(status: 400, retryAfterHeader: nil, body: Self.body(
            #"{"error":{"code":"BadRequest","message":"ParsingFailed","innerError":{"code":"1","#
                + #""message":"invalid sync state","date":"2026-01-21T15:16:42"}}}"#))
        #expect(inner.error.kind == .invalidCursor)
        #expect(inner.text == "HTTP 400 BadRequest: ParsingFailed (invalid sync state)")
        let other = GraphErrorAnswer(status: 400, retryAfterHeader: nil, body: Self.body(
            #"{"error":{"code":"BadRequest","message":"Invalid filter clause"}}"#))
        #expect(other.error.kind != .invalidCursor)
    }

    @Test func entraIDCredentialErrorsDisableTheIntegration() {
        for code in [7_000_222, 7_000_215, 700_016, 7_000_112] {
            let response = TokenEndpointResponse(status: 401, body: Self.body(
                "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS\(code): x\",\"error_codes\":[\(code)]}"))
            let error = TokenResponse.error(for: response)
            #expect(error.kind == .authentication)
            #expect(error.summary.hasPrefix("AADSTS\(code)"))
        }
    }

    @Test func requestsStayUnderTheBaseURL() {
        let requests = GraphRequests(base: "https://graph.microsoft.com/v1.0/", user: "alice@contoso.com")
        #expect(requests.folderDelta
            == "https://graph.microsoft.com/v1.0/users/alice@contoso.com/mailFolders/delta"
            + "?$select=displayName,parentFolderId")
        #expect(requests.messageDelta(folderID: "AQ/+=", start: Date(timeIntervalSince1970: 1_735_689_600))
            == "https://graph.microsoft.com/v1.0/users/alice@contoso.com/mailFolders/AQ%2F%2B%3D/messages/delta"
            + "?$select=receivedDateTime,isRead&$filter=receivedDateTime%20ge%202025-01-01T00:00:00Z")
        #expect(requests.mime(messageID: "AAk=") == "https://graph.microsoft.com/v1.0/users/alice@contoso.com"
            + "/messages/AAk%3D/$value")
        #expect(requests.owns("https://GRAPH.microsoft.com/v1.0/users/x/mailFolders/delta?$deltatoken=1"))
        #expect(!requests.owns("https://graph.microsoft.com/beta/users/x"))
        #expect(!requests.owns("https://graph.microsoft.com.evil.example/v1.0/users/x"))
        #expect(!requests.owns("http://graph.microsoft.com/v1.0/users/x"))
        #expect(!requests.owns("https://graph.microsoft.com:8443/v1.0/users/x"))
    }

    @Test func eachCloudHasItsGraphHostAndScope() throws {
        #expect(try AzureCloud.named("global").graphScope == "https://graph.microsoft.com/.default")
        #expect(try AzureCloud.named("gcc_high").graphScope == "https://graph.microsoft.us/.default")
        #expect(try AzureCloud.named("dod").graphScope == "https://dod-graph.microsoft.us/.default")
        #expect(try AzureCloud.named("china").graphScope == "https://microsoftgraph.chinacloudapi.cn/.default")
        let dod = GraphSourceSettings(
            application: EntraApplicationSettings(tenantID: "t", clientID: "c", clientSecret: "s", cloud: "dod"),
            mailbox: "a@b.c")
        #expect(try dod.baseURL() == "https://dod-graph.microsoft.us/v1.0")
        #expect(try dod.checkedApplication().cloud.tokenEndpoint(tenant: "t").absoluteString
            == "https://login.microsoftonline.us/t/oauth2/v2.0/token")
        let settings = GraphSourceSettings(
            application: EntraApplicationSettings(tenantID: "t", clientID: "c", clientSecret: "s", cloud: "china"),
            mailbox: "a@b.c")
        #expect(try settings.baseURL() == "https://microsoftgraph.chinacloudapi.cn/v1.0")
        var plain = settings
        plain.graphBaseURL = "http://graph.example.com/v1.0"
        #expect(throws: MailSourceError.self) { try plain.baseURL() }
        plain.graphBaseURL = "http://127.0.0.1:8080/v1.0/"
        #expect(try plain.baseURL() == "http://127.0.0.1:8080/v1.0")
    }
}
