import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import MIME
import NIOCore
import Testing

/// Issue 16, part 2, as a user meets it: a message saved into a folder other than INBOX while the built
/// `mailstream serve` runs shows in a stream's `results` long before the engine's poll (60 s) could bring it:
/// through NOTIFY (Dovecot has it), and with `imap_notify: false` (a server without NOTIFY) through the LIST-STATUS
/// looks every 10 s.
@Suite(.enabled(if: DovecotPeer.available, DovecotPeer.missing))
struct ServeLiveFolderTests {
    @Test(arguments: [true, false])
    func mailSavedIntoArchiveReachesAStreamBeforeThePoll(notify: Bool) async throws {
        let peer = try #require(DovecotPeer.shared)
        let user = try peer.addUser(notify ? "servenotify" : "servestatus")
        try peer.save(IMAPSyncTests.mail("\(user.name)-before"), user: user.name, folder: "INBOX")
        let run = try StopTests.Run(integration: """
                type: imap
                connection: {host: \(peer.host), port: \(peer.imapsPort), security: tls, username: \(user.name),
                             password: \(user.password), ca_file: \(peer.caFile), imap_notify: \(notify)}
                mailboxes: [{email: \(user.name), bucket: mail}]
            """)
        defer { run.cleanup() }
        let offset = try DovecotLog.size()
        let api = try await API(run: run)
        defer { api.stop() }

        // The source appears with the first pass.
        try await api.waitUntil("the source default/mail", within: .seconds(30)) {
            try await api.call(.put, "/api/v1/datasets/default/live", ["dataset": ["source_ids": ["default/mail"]]])
                .status == .ok
        }
        #expect(try await api.call(.put, "/api/v1/datasets/default/live/streams", ["stream": ["name": "bot"]])
            .status == .ok)
        var first: [String] = []
        try await api.waitUntil("the first comment", within: .seconds(30)) {
            first = try await api.results().ids
            return !first.isEmpty
        }
        #expect(first == [EmailToComment.commentID(MIMEParser().parse(IMAPSyncTests.mail("\(user.name)-before")))])
        try await api.advance()
        if notify {
            // The first wait opens the NOTIFY connection (a second login), and a pass follows at once.
            try await api.waitUntil("the NOTIFY connection", within: .seconds(15)) {
                try Self.logins(of: user.name, after: offset) >= 2
            }
        }
        try await Task.sleep(for: .milliseconds(1_500))  // the pass is done; the mailbox waits

        let message = IMAPSyncTests.mail("\(user.name)-archive")
        let id = EmailToComment.commentID(MIMEParser().parse(message))
        try peer.save(message, user: user.name, folder: "Archive")
        let clock = ContinuousClock()
        let saved = clock.now
        // NOTIFY: no poll at all before the engine's (60 s after the wait began). Without: LIST-STATUS within 10 s.
        let bound: Duration = notify ? .seconds(20) : .seconds(30)
        var seen: Duration?
        while seen == nil, clock.now - saved < bound {
            if try await api.results().ids.contains(id) { seen = clock.now - saved }
            try await Task.sleep(for: .milliseconds(50))
        }
        print("ServeLiveFolderTests: \(notify ? "NOTIFY" : "LIST-STATUS"), Archive -> results: "
            + (seen.map { "\($0)" } ?? "not within \(bound)"))
        #expect(seen != nil, "a message saved into Archive was not in the stream's results within \(bound)")
        let logins = try Self.logins(of: user.name, after: offset)
        if notify {
            #expect(logins >= 2, "NOTIFY waits on a connection of its own")
        } else {
            #expect(logins == 1, "imap_notify: false opens no NOTIFY connection (\(logins) logins)")
        }
        let took = try await StopTests.stop(api.process)
        #expect(took != nil, "serve did not exit within 10 s of SIGTERM")
    }

    static func logins(of user: String, after offset: Int) throws -> Int {
        try DovecotLog.lines(after: offset).filter { $0.contains("Login: user=<\(user)>") }.count
    }

    /// The API of a `mailstream serve` started for `run`, with its admin token.
    struct API {
        let process: Process
        let port: Int
        let token: String

        init(run: StopTests.Run) async throws {
            port = try ClosedPort.find()
            process = try run.start(["serve", "--port", "\(port)"])
            let file = run.data.appendingPathComponent("admin-token")
            var token: String?
            for _ in 0..<300 where token == nil {
                token = (try? String(contentsOf: file, encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                if token?.isEmpty == true { token = nil }
                if token == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            guard let token else {
                kill(process.processIdentifier, SIGKILL)
                throw PeerError(description: "serve wrote no admin token within 15 s: \(run.errors)")
            }
            self.token = token
        }

        func stop() {
            guard process.isRunning else { return }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        /// One request on a connection of its own; a server not listening yet answers with an error.
        func call(_ method: HTTPRequest.Method, _ uri: String, _ json: [String: Any]? = nil) async throws
            -> (status: HTTPResponse.Status, object: [String: Any]) {
            let body = try json.map { ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: $0)) }
            let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            let response = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                try await client.execute(.init(uri, method: method, headers: headers, body: body))
            }
            let bytes = response.body.map { Array($0.readableBytesView) } ?? []
            return (response.status, (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:])
        }

        /// The comment ids of the stream's current batch, and the continuation after it.
        func results() async throws -> (ids: [String], continuation: String?) {
            let answer = try await call(.get, "/api/v1/datasets/default/live/streams/bot/results?max_results=16")
            let results = answer.object["results"] as? [[String: Any]] ?? []
            return (results.compactMap { ($0["comment"] as? [String: Any])?["id"] as? String },
                    answer.object["continuation"] as? String)
        }

        func advance() async throws {
            let continuation = try #require(try await results().continuation)
            #expect(try await call(.post, "/api/v1/datasets/default/live/streams/bot/advance",
                                   ["sequence_id": continuation]).status == .ok)
        }

        func waitUntil(_ what: String, within limit: Duration, _ condition: () async throws -> Bool) async throws {
            let clock = ContinuousClock()
            let start = clock.now
            while clock.now - start < limit {
                if (try? await condition()) == true { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw PeerError(description: "\(what): not within \(limit)")
        }
    }
}
