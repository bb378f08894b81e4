import API
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import SQLiteStore
import Store
import Testing

/// Sign-in for the web UI: the cookie's attributes, the CSRF token on every state-changing request made with it,
/// logout, expiry, rate limiting; a password never comes back.
@Suite struct SessionTests {
    typealias Client = APIHarness.Client

    /// A signed-in session: the `Cookie` header to send and the CSRF token.
    struct SignedIn {
        let cookie: String
        let csrf: String
        let setCookie: String

        var headers: HTTPFields { [.cookie: cookie] }
        var writeHeaders: HTTPFields { [.cookie: cookie, .init("X-CSRF-Token")!: csrf] }
    }

    static func signIn(_ client: Client, _ login: String, _ password: String) async throws -> SignedIn {
        let answer = try await client.call(.post, "/api/_private/login", json: ["login": login, "password": password],
                                           token: .some(nil))
        try #require(answer.status == .ok, "\(answer.status.code) \(answer.message)")
        let setCookie = try #require(answer.headers[.setCookie])
        let pair = try #require(setCookie.split(separator: ";").first).trimmingCharacters(in: .whitespaces)
        return SignedIn(cookie: pair, csrf: try #require(answer.json["csrf_token"] as? String), setCookie: setCookie)
    }

    @Test func signingInSetsAStrictHttpOnlyCookieThatActsAsTheUser() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let password = "ann-\(UUID().uuidString)"
        let ann = try await harness.user("ann", [.sourcesRead, .tokensAdmin], projects: ["ops"], password: password)
        try await harness.run { client in
            let session = try await Self.signIn(client, "ANN", password)
            let attributes = session.setCookie.lowercased()
            #expect(session.cookie.hasPrefix("mailstream_session="))
            #expect(attributes.contains("httponly") && attributes.contains("samesite=strict"))
            #expect(attributes.contains("path=/") && attributes.contains("max-age=43200"))
            #expect(!attributes.contains("secure"), "plain http on loopback: a Secure cookie would never come back")
            let secret = String(session.cookie.dropFirst("mailstream_session=".count))
            #expect(secret.count >= 43)
            // Stored hashed: the database never holds the cookie's value.
            #expect(try CommandLineBytes.of(harness.folder).range(of: Data(secret.utf8)) == nil)

            let me = try await client.call(.get, "/auth/user", token: .some(nil), headers: session.headers)
            #expect(me.status == .ok)
            #expect((me.json["user"] as? [String: Any])?["id"] as? String == ann.id)
            #expect(me.json["csrf_token"] as? String == session.csrf)
            // A session acts with the user's permissions: its own project, nothing beyond.
            #expect(try await client.call(.get, "/api/v1/tokens", token: .some(nil), headers: session.headers)
                .status == .ok)
            #expect(try await client.call(.get, "/api/v1/sources/legal/mail", token: .some(nil),
                                          headers: session.headers).status == .forbidden)
        }
    }

    @Test func aStateChangingRequestWithTheCookieNeedsTheCSRFToken() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        _ = try await harness.user("ann", [.sourcesRead, .tokensAdmin], projects: ["ops"], password: "ann-password")
        try await harness.run { client in
            let session = try await Self.signIn(client, "ann", "ann-password")
            let token = ["name": "bot", "permissions": ["sources-read"], "projects": ["ops"]] as [String: Any]
            let bare = try await client.call(.post, "/api/v1/tokens", json: token, token: .some(nil),
                                             headers: session.headers)
            #expect(bare.status == .forbidden)
            #expect(bare.message.contains("X-CSRF-Token"), "\(bare.message)")
            var wrong = session.writeHeaders
            wrong[.init("X-CSRF-Token")!] = String(session.csrf.dropLast()) + (session.csrf.hasSuffix("A") ? "B" : "A")
            #expect(try await client.call(.post, "/api/v1/tokens", json: token, token: .some(nil), headers: wrong)
                .status == .forbidden)
            for method in [HTTPRequest.Method.put, .delete] {
                let answer = try await client.call(method, "/api/_private/users", token: .some(nil),
                                                   headers: session.headers)
                #expect(answer.status == .forbidden, "\(method)")
            }
            #expect(try await harness.store.tokens().map(\.name) == ["admin"], "nothing was created")

            let made = try await client.call(.post, "/api/v1/tokens", json: token, token: .some(nil),
                                             headers: session.writeHeaders)
            #expect(made.status == .created, "\(made.message)")
            // A token that a session creates belongs to the session's user.
            let created = try #require(try await harness.store.tokens().first { $0.name == "bot" })
            #expect(try await harness.store.user(id: created.userID)?.login == "ann")
            // A bearer token needs no CSRF token: another site can't make a browser send it.
            #expect(try await client.call(.post, "/api/v1/tokens", json: ["name": "two", "permissions": ["sources-read"]])
                .status == .created)
        }
    }

    @Test func logoutEndsTheSessionAndClearsTheCookie() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        _ = try await harness.user("ann", [.sourcesRead], password: "ann-password")
        try await harness.run { client in
            let session = try await Self.signIn(client, "ann", "ann-password")
            let noToken = try await client.call(.post, "/api/_private/logout", token: .some(nil),
                                                headers: session.headers)
            #expect(noToken.status == .forbidden, "logout is state-changing: it needs the CSRF token too")
            let out = try await client.call(.post, "/api/_private/logout", token: .some(nil),
                                            headers: session.writeHeaders)
            #expect(out.status == .ok)
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true, "\(out.headers)")
            let after = try await client.call(.get, "/auth/user", token: .some(nil), headers: session.headers)
            #expect(after.status == .unauthorized)
            #expect(after.message.contains("session has ended"), "\(after.message)")
        }
    }

    @Test func wrongPasswordsAndUnknownLoginsGetOneAnswerAndAreThrottled() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        _ = try await harness.user("ann", [.sourcesRead], password: "ann-password")
        _ = try await harness.user("nopass", [.sourcesRead])
        try await harness.run { client in
            for (login, password) in [("ann", "wrong-password"), ("nobody", "ann-password"), ("nopass", "x")] {
                let answer = try await client.call(.post, "/api/_private/login",
                                                   json: ["login": login, "password": password], token: .some(nil))
                #expect(answer.status == .unauthorized, "\(login)")
                #expect(answer.message == "wrong login or password")
                #expect(answer.headers[.setCookie] == nil)
            }
            // Two more failures for ann make five from this address; the sixth attempt waits, right password or not.
            for _ in 0..<2 {
                _ = try await client.call(.post, "/api/_private/login",
                                          json: ["login": "ann", "password": "wrong-password"], token: .some(nil))
            }
            let throttled = try await client.call(.post, "/api/_private/login",
                                                  json: ["login": "ann", "password": "ann-password"],
                                                  token: .some(nil))
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.headers[.retryAfter] == "1")
            try await Task.sleep(for: .milliseconds(1_100))
            _ = try await client.call(.post, "/api/_private/login",
                                      json: ["login": "ann", "password": "wrong-password"], token: .some(nil))
            let longer = try await client.call(.post, "/api/_private/login",
                                               json: ["login": "ann", "password": "ann-password"], token: .some(nil))
            #expect(longer.status == .tooManyRequests)
            #expect(longer.headers[.retryAfter] == "2", "the wait doubles")
        }
    }

    /// The count lives in the store: a new server (a restart, or another `serve` process) on the same store still
    /// makes the sixth attempt wait, and a success clears the login's count there.
    @Test func theThrottleSurvivesANewServerOnTheSameStore() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        _ = try await harness.user("ann", [.sourcesRead], password: "ann-password")
        try await harness.run { client in
            for _ in 0..<LoginThrottle.freeAttempts {
                let answer = try await client.call(.post, "/api/_private/login",
                                                   json: ["login": "ann", "password": "wrong-password"],
                                                   token: .some(nil))
                #expect(answer.status == .unauthorized)
            }
        }
        #expect(try await harness.store.signInFailures([.login("ann")])[.login("ann")]?.count == 5)
        let reopened = SQLiteStore(dataFolder: harness.dataFolder, secrets: try SecretBox.load(
            environment: [:], keyFile: harness.dataFolder.secretKeyFile))
        let app = Application(router: MailstreamApplication.responder(store: reopened, sessions: APIHarness.sessions))
        try await app.test(.router) { testClient in
            let client = Client(client: testClient, admin: harness.adminSecret)
            let throttled = try await client.call(.post, "/api/_private/login",
                                                  json: ["login": "ann", "password": "ann-password"],
                                                  token: .some(nil))
            #expect(throttled.status == .tooManyRequests, "\(throttled.message)")
            #expect(throttled.headers[.retryAfter] == "1")
            try await Task.sleep(for: .milliseconds(1_100))
            _ = try await Self.signIn(client, "ann", "ann-password")
        }
        #expect(try await reopened.signInFailures([.login("ann")]).isEmpty, "a success clears the login's count")
    }

    @Test func theLoginMustBeJSONAndWellFormed() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.run { client in
            let form = try await client.call(.post, "/api/_private/login",
                                             raw: Array(#"{"login":"ann","password":"pw"}"#.utf8), token: .some(nil),
                                             headers: [.contentType: "text/plain"])
            #expect(form.status == .unsupportedMediaType)
            let bad = try await client.call(.post, "/api/_private/login", json: ["login": "a b", "password": "pw"],
                                            token: .some(nil))
            #expect(bad.status == .badRequest)
            #expect(bad.json["field"] as? String == "login")
        }
    }

    @Test func aSessionEndsWhenIdleOrTooOld() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        _ = try await harness.user("ann", [.sourcesRead], password: "ann-password")
        var policy = APIHarness.sessions
        // Long enough that a loaded machine answers the first call in time; the sleeps pass each bound by a second.
        policy.idleTimeout = 5
        let app = Application(router: MailstreamApplication.responder(store: harness.store, sessions: policy))
        try await app.test(.router) { testClient in
            let client = Client(client: testClient, admin: harness.adminSecret)
            let session = try await Self.signIn(client, "ann", "ann-password")
            #expect(try await client.call(.get, "/auth/user", token: .some(nil), headers: session.headers)
                .status == .ok)
            try await Task.sleep(for: .milliseconds(6_000))
            #expect(try await client.call(.get, "/auth/user", token: .some(nil), headers: session.headers)
                .status == .unauthorized)
        }
        policy = APIHarness.sessions
        policy.lifetime = 5
        let short = Application(router: MailstreamApplication.responder(store: harness.store, sessions: policy))
        try await short.test(.router) { testClient in
            let client = Client(client: testClient, admin: harness.adminSecret)
            let session = try await Self.signIn(client, "ann", "ann-password")
            #expect(session.setCookie.contains("Max-Age=0") == false)
            try await Task.sleep(for: .milliseconds(6_000))
            #expect(try await client.call(.get, "/auth/user", token: .some(nil), headers: session.headers)
                .status == .unauthorized)
        }
    }

    /// A hash made with weaker parameters than the server's is replaced at the next sign-in, so raising them later
    /// upgrades every password that gets used.
    @Test func aSignInRehashesAPasswordKeptWithWeakerParameters() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        _ = try await harness.user("ann", [.sourcesRead], password: "ann-password")
        #expect(try await harness.store.credentials(login: "ann")?.passwordHash?.hasPrefix("$scrypt$ln=10,") == true)
        var policy = APIHarness.sessions
        policy.passwordParameters.logN = 11
        let app = Application(router: MailstreamApplication.responder(store: harness.store, sessions: policy))
        try await app.test(.router) { testClient in
            let client = Client(client: testClient, admin: harness.adminSecret)
            _ = try await Self.signIn(client, "ann", "ann-password")
            let stored = try #require(try await harness.store.credentials(login: "ann")?.passwordHash)
            #expect(stored.hasPrefix("$scrypt$ln=11,r=8,p=1$"), "\(stored)")
            _ = try await Self.signIn(client, "ann", "ann-password")
        }
    }

    @Test func aServerOffLoopbackSetsASecureHostCookie() {
        let policy = SessionPolicy.serving(host: "0.0.0.0")
        #expect(policy.secureCookie)
        #expect(policy.cookieName == "__Host-mailstream_session")
        #expect(!SessionPolicy.serving(host: "127.0.0.1").secureCookie)
        #expect(!SessionPolicy.serving(host: "::1").secureCookie)
        #expect(SessionPolicy.serving(host: "192.168.1.5").secureCookie)
    }
}

/// Every byte of a data folder's files, to look for a secret in the clear.
enum CommandLineBytes {
    static func of(_ folder: URL) throws -> Data {
        var bytes = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            var isDirectory: ObjCBool = false
            let url = folder.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                bytes.append(try Data(contentsOf: url))
            }
        }
        return bytes
    }
}
