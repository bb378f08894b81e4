import ClientTLS
import Domain
import Foundation
import NIOHTTP1
import NIOSSL
import OutboundHTTP

/// Carries SOAP requests to one Exchange endpoint and back, authenticating the way the integration says: NTLM
/// (three legs on one connection, re-done on every new connection, with channel binding over TLS), Basic, or an
/// OAuth bearer token. Answers are returned as bytes for the wire layer; HTTP-level failures become
/// `MailSourceError`s of the right kind.
actor EWSTransport {
    enum Authentication: Sendable {
        case ntlm(NTLMCredentials)
        case basic(user: String, password: String)
        /// Returns a valid access token; `refresh` asks for a new one after a 401.
        case bearer(@Sendable (_ refresh: Bool) async throws -> String)
    }

    let endpoint: URL
    let options: HTTPConnection.Options
    let authentication: Authentication
    private var connection: HTTPConnection?
    private var connectionAuthenticated = false

    init(endpoint: URL, authentication: Authentication, tls: TLSOptions = TLSOptions(),
         policy: OutboundPolicy) throws {
        guard let scheme = endpoint.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = endpoint.host, !host.isEmpty else {
            throw MailSourceError(.configuration, "the EWS endpoint must be an http(s) URL",
                                  detail: endpoint.absoluteString)
        }
        self.endpoint = endpoint
        self.authentication = authentication
        options = HTTPConnection.Options(
            host: host, port: endpoint.port ?? (scheme == "https" ? 443 : 80), useTLS: scheme == "https",
            tls: tls, policy: policy
        )
    }

    private var path: String {
        let path = endpoint.path.isEmpty ? "/EWS/Exchange.asmx" : endpoint.path
        return endpoint.query.map { "\(path)?\($0)" } ?? path
    }

    /// Posts one SOAP request. Returns the body of a 200 answer, or of a 500 answer carrying a SOAP fault (the
    /// wire layer reads the fault).
    /// - Throws: `MailSourceError`: `.authentication` for credentials the server refuses after a fresh handshake,
    ///   `.transient` for throttling (429, 503, with Retry-After), dropped connections and server errors,
    ///   `.configuration` for an endpoint that is not an EWS endpoint.
    func post(_ body: [UInt8], headers: [(String, String)]) async throws -> [UInt8] {
        var allHeaders = headers
        if !allHeaders.contains(where: { $0.0.lowercased() == "content-type" }) {
            allHeaders.append(("Content-Type", "text/xml; charset=utf-8"))
        }
        allHeaders.append(("Accept", "text/xml"))
        do {
            let response = try await authenticatedSend(body, headers: allHeaders)
            return try Self.check(response)
        } catch {
            await drop()
            throw error
        }
    }

    func close() async {
        await drop()
    }

    private func drop() async {
        await connection?.close()
        connection = nil
        connectionAuthenticated = false
    }

    private func openConnection() async throws -> HTTPConnection {
        if let connection, connection.isActive { return connection }
        connection = nil
        connectionAuthenticated = false
        let opened = try await HTTPConnection.connect(options)
        connection = opened
        return opened
    }

    private func authenticatedSend(_ body: [UInt8], headers: [(String, String)]) async throws
        -> HTTPConnection.Response {
        let connection = try await openConnection()
        let response: HTTPConnection.Response
        switch authentication {
        case .basic(let user, let password):
            let credentials = Data("\(user):\(password)".utf8).base64EncodedString()
            response = try await connection.send(method: .POST, path: path,
                                                 headers: headers + [("Authorization", "Basic \(credentials)")],
                                                 body: body)
            if response.status == 401 { throw EWSLoginRefusal.basic(response) }
        case .bearer(let token):
            var answer = try await connection.send(
                method: .POST, path: path, headers: headers + [("Authorization", "Bearer \(try await token(false))")],
                body: body)
            if answer.status == 401 {
                // An expired token is replaced once; a second refusal is the application's credentials.
                answer = try await self.openConnection().send(
                    method: .POST, path: path,
                    headers: headers + [("Authorization", "Bearer \(try await token(true))")], body: body)
                if answer.status == 401 { throw EWSLoginRefusal.bearer(answer) }
            }
            response = answer
        case .ntlm(let credentials):
            if connectionAuthenticated {
                let answer = try await connection.send(method: .POST, path: path, headers: headers, body: body)
                guard answer.status == 401 else {
                    response = answer
                    break
                }
                // The server forgot this connection's login: a fresh connection and handshake, once.
                await drop()
                response = try await ntlmHandshake(credentials, connection: try await openConnection(), body: body,
                                                   headers: headers)
            } else {
                response = try await ntlmHandshake(credentials, connection: connection, body: body, headers: headers)
            }
        }
        if !response.keepAlive { await drop() }
        return response
    }

    /// [MS-NTHT]: NEGOTIATE, the server's CHALLENGE in a 401, AUTHENTICATE, all on one connection; the request
    /// body goes with each leg, as IIS expects a complete request every time.
    private func ntlmHandshake(_ credentials: NTLMCredentials, connection: HTTPConnection, body: [UInt8],
                               headers: [(String, String)]) async throws -> HTTPConnection.Response {
        let certificate = await connection.peerCertificate()
        let binding = certificate.map { NTLMChannelBinding(serverCertificateDER: $0) }
        var client = NTLMClient(credentials: credentials, targetName: NTLMClient.servicePrincipalName(host: options.host),
                                channelBinding: binding)
        let first = try await connection.send(
            method: .POST, path: path, headers: headers + [("Authorization", NTLMHTTPHeader.value(for: client.negotiate()))],
            body: body)
        guard first.status == 401 else {
            connectionAuthenticated = first.status < 400
            return first
        }
        guard first.keepAlive else {
            throw MailSourceError(.authentication, "the Exchange server closed the connection during the NTLM login",
                                  advice: "NTLM needs one connection for its three steps: a proxy or load balancer "
                                      + "in front of Exchange must keep it open (keep-alive, affinity), or set "
                                      + "authentication: basic (over https)")
        }
        let authorization: String
        do {
            authorization = try client.nextAuthorization(wwwAuthenticate: first.headers["WWW-Authenticate"])
        } catch {
            let offered = first.headers["WWW-Authenticate"].joined(separator: ", ")
            throw MailSourceError(.authentication, "the Exchange server did not offer NTLM",
                                  detail: "WWW-Authenticate: \(offered); \(error)",
                                  advice: "enable Windows (NTLM) authentication for the EWS virtual directory, or set "
                                      + "authentication: basic (over https)")
        }
        let last = try await connection.send(method: .POST, path: path,
                                             headers: headers + [("Authorization", authorization)], body: body)
        if last.status == 401 {
            throw EWSLoginRefusal.ntlm(last, boundTo: certificate, endpoint: "\(options.host):\(options.port)")
        }
        connectionAuthenticated = true
        return last
    }

    /// Maps HTTP statuses to errors; passes 200 and SOAP faults (500 with a body) to the caller.
    static func check(_ response: HTTPConnection.Response) throws -> [UInt8] {
        switch response.status {
        case 200..<300:
            return response.body
        case 500 where !response.body.isEmpty:
            return response.body
        case 429, 503:
            throw MailSourceError(.transient(retryAfter: RetryAfter.duration(response.headers["Retry-After"].first)),
                                  "the Exchange server is busy",
                                  detail: "HTTP \(response.status)")
        case 301, 302, 303, 307, 308:
            // Exchange redirects to /ews/genericerrorpage.htm when the backend fails.
            throw MailSourceError(.transient(retryAfter: nil), "the Exchange server redirected the request",
                                  detail: "HTTP \(response.status) to \(response.headers["Location"].first ?? "?")")
        case 403:
            throw MailSourceError(.accessDenied, "the Exchange server forbids this request", detail: "HTTP 403",
                                  advice: "check that EWS is allowed for the account (EwsEnabled, application "
                                      + "access policies) and that it may open this mailbox")
        case 404, 405:
            throw MailSourceError(.configuration, "the URL is not an EWS endpoint", detail: "HTTP \(response.status)",
                                  advice: "set ews_endpoint to https://HOST/EWS/Exchange.asmx")
        case 400..<500:
            throw MailSourceError(.configuration, "the Exchange server rejected the request",
                                  detail: "HTTP \(response.status)",
                                  advice: "check ews_endpoint and server_version")
        default:
            throw MailSourceError(.transient(retryAfter: RetryAfter.duration(response.headers["Retry-After"].first)),
                                  "the Exchange server failed",
                                  detail: "HTTP \(response.status)")
        }
    }
}
