import ClientTLS
import Domain
import Foundation
import MicrosoftIdentity
import NIOHTTP1
import NIOSSL

/// Carries token requests to Entra ID (or the `authority_host`) over ``HTTPConnection``: one connection per
/// request, since a token is needed about once an hour, with the integration's TLS settings.
package enum TokenEndpointHTTP {
    package static func transport(tls: TLSOptions, policy: OutboundPolicy) -> TokenEndpointTransport {
        { request in
            guard let scheme = request.url.scheme?.lowercased(), scheme == "https" || scheme == "http",
                  let host = request.url.host, !host.isEmpty else {
                throw MailSourceError(.configuration, "the token endpoint is not an http(s) URL",
                                      detail: request.url.absoluteString)
            }
            var options = HTTPConnection.Options(
                host: host, port: request.url.port ?? (scheme == "https" ? 443 : 80), useTLS: scheme == "https",
                tls: tls, policy: policy)
            options.readTimeout = .seconds(60)
            let connection: HTTPConnection
            do {
                connection = try await HTTPConnection.connect(options)
            } catch let error as MailSourceError where error.kind != .configuration {
                throw MailSourceError(error.kind, "cannot reach the Entra ID token endpoint", detail: error.detail)
            }
            do {
                let encoded = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.percentEncodedPath
                let path = encoded.flatMap { $0.isEmpty ? nil : $0 } ?? "/"
                let response = try await connection.send(
                    method: .POST, path: path, headers: request.headers + [("Connection", "close")],
                    body: request.body)
                await connection.close()
                return TokenEndpointResponse(status: response.status,
                                             headers: response.headers.map { ($0.name, $0.value) },
                                             body: response.body)
            } catch let error as MailSourceError {
                await connection.close()
                throw MailSourceError(error.kind, "the Entra ID token endpoint did not answer", detail: error.detail)
            } catch {
                await connection.close()
                throw error
            }
        }
    }
}
