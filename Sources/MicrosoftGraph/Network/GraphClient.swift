import AsyncHTTPClient
import Domain
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// Requests to Graph for one mailbox: the app-only token (renewed once after a 401), the headers every request
/// carries, the mailbox's concurrency limit, and error answers turned into `MailSourceError`s.
struct GraphClient: Sendable {
    let http: GraphHTTPClient
    let requests: GraphRequests
    let tls: TLSConfiguration
    /// A token to send; the argument is the token Graph just refused, to get a newer one.
    let token: @Sendable (_ rejecting: String?) async throws -> String
    let gate: RequestGate
    /// `Prefer: odata.maxpagesize`.
    let pageSize: Int

    /// JSON answers are small: a page of 100 delta entries with the small `$select` is a few tens of KB.
    static let maximumJSON = 16 << 20
    /// Exchange Online takes messages up to 150 MB; MIME adds a third for base64.
    static let maximumMIME = 200 << 20

    /// GETs a JSON document.
    /// - Throws: `MailSourceError` for error answers and failed exchanges.
    func json(_ url: String) async throws -> [UInt8] {
        let response = try await get(url, accept: "application/json", maximumBody: Self.maximumJSON,
                                     timeout: .seconds(120))
        guard (200..<300).contains(response.status) else { throw answer(response).error }
        return response.body
    }

    /// GETs and classifies nothing: the caller reads the status (a MIME download treats ErrorItemNotFound as a
    /// skipped item, not a failure).
    func get(_ url: String, accept: String, maximumBody: Int, timeout: TimeAmount) async throws
        -> GraphHTTPClient.Response {
        try await send(.GET, url, accept: accept, body: nil, maximumBody: maximumBody, timeout: timeout)
    }

    /// Sends a request with an optional JSON body (the subscription requests) and reads the answer, whatever its
    /// status.
    func send(_ method: HTTPMethod, _ url: String, accept: String = "application/json", body: [UInt8]?,
              maximumBody: Int = GraphClient.maximumJSON, timeout: TimeAmount) async throws
        -> GraphHTTPClient.Response {
        try Task.checkCancellation()
        guard requests.owns(url) else {
            throw MailSourceError(.transient(retryAfter: nil), "Microsoft Graph sent a link to another server",
                                  detail: url)
        }
        return try await gate.withPermit { [self] in
            var sent = try await token(nil)
            var response = try await exchange(method, url, token: sent, accept: accept, body: body,
                                              maximumBody: maximumBody, timeout: timeout)
            if response.status == 401 {
                // An expired or revoked token: one new token, one more try.
                sent = try await token(sent)
                response = try await exchange(method, url, token: sent, accept: accept, body: body,
                                              maximumBody: maximumBody, timeout: timeout)
            }
            return response
        }
    }

    private func exchange(_ method: HTTPMethod, _ url: String, token: String, accept: String, body: [UInt8]?,
                          maximumBody: Int, timeout: TimeAmount) async throws -> GraphHTTPClient.Response {
        try await http.send(
            method: method, url: url,
            headers: (body == nil ? [] : [("Content-Type", "application/json")]) + [
                ("Authorization", "Bearer \(token)"), ("Accept", accept),
                // Ids that survive moves between folders, on every request (learn.microsoft.com/graph/
                // outlook-immutable-id), and pages of our size.
                ("Prefer", "IdType=\"ImmutableId\""), ("Prefer", "odata.maxpagesize=\(pageSize)"),
                ("client-request-id", UUID().uuidString.lowercased()), ("User-Agent", "Mailstream"),
            ],
            body: body, tls: tls, maximumBody: maximumBody, timeout: timeout)
    }

    func answer(_ response: GraphHTTPClient.Response) -> GraphErrorAnswer {
        GraphErrorAnswer(status: response.status, retryAfterHeader: response.header("Retry-After"),
                         body: response.body)
    }
}
