import Domain
import Foundation
import MicrosoftIdentity
import NIOCore
import NIOHTTP1
import NIOSSL

extension GraphHTTPClient {
    /// Token requests over the same client (and so the same tunnel and policy) as Graph's.
    static func tokenTransport(http: GraphHTTPClient, tls: TLSConfiguration) -> TokenEndpointTransport {
        { request in
            guard let scheme = request.url.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
                throw MailSourceError(.configuration, "the token endpoint is not an http(s) URL",
                                      detail: request.url.absoluteString)
            }
            do {
                let response = try await http.send(method: .POST, url: request.url.absoluteString,
                                                   headers: request.headers, body: request.body, tls: tls,
                                                   maximumBody: 1 << 20, timeout: .seconds(60))
                return TokenEndpointResponse(status: response.status,
                                             headers: response.headers.map { ($0.name, $0.value) },
                                             body: response.body)
            } catch let error as MailSourceError where error.kind != .configuration {
                throw MailSourceError(error.kind, "cannot reach the Entra ID token endpoint", detail: error.detail)
            } catch is GraphHTTPClient.BodyTooLarge {
                throw MailSourceError(.transient(retryAfter: nil), "the token endpoint's answer is too large")
            }
        }
    }
}
