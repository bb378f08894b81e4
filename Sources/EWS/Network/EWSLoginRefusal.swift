import Crypto
import Domain
import OutboundHTTP
import NIOHTTP1

/// A 401 from Exchange after a complete login, as the user needs it: which login was refused and what to check
/// (issue 16, part 4). Summaries are short and fixed; what differs between cases is in the advice.
enum EWSLoginRefusal {
    static let checkLogin = "check the username (DOMAIN\\user or user@domain) and password"

    /// Basic authentication refused.
    static func basic(_ response: HTTPConnection.Response) -> MailSourceError {
        MailSourceError(.authentication, "the Exchange server refused the Basic login", detail: detail(response),
                        advice: checkLogin + ", and that Basic authentication is enabled for EWS")
    }

    /// A bearer token refused, after one fresh token.
    static func bearer(_ response: HTTPConnection.Response) -> MailSourceError {
        MailSourceError(.authentication, "the Exchange server refused the access token", detail: detail(response),
                        advice: "check that the token is current and meant for EWS, and that the application has "
                            + "the full_access_as_app permission with admin consent")
    }

    /// The last NTLM leg refused.
    /// - Parameters:
    ///   - certificate: the server certificate the client received (DER) and bound the login to; nil when the
    ///     login carried no channel binding (plain http).
    ///   - endpoint: `host:port`, to say where that certificate came from.
    static func ntlm(_ response: HTTPConnection.Response, boundTo certificate: [UInt8]?,
                     endpoint: String) -> MailSourceError {
        guard let certificate else {
            return MailSourceError(
                .authentication, "the Exchange server refused the NTLM login", detail: detail(response),
                advice: checkLogin + "; over http a login carries no channel binding, which Exchange refuses when "
                    + "Extended Protection is required: use the https endpoint")
        }
        // A wrong password and a binding to the wrong certificate get the same 401; both are named, the second
        // with what the user needs to tell them apart.
        let fingerprint = Self.fingerprint(certificate)
        return MailSourceError(
            .authentication, "the Exchange server refused the NTLM login",
            detail: detail(response) + "; channel binding (tls-server-end-point) to the certificate received from "
                + "\(endpoint), SHA-256 fingerprint \(fingerprint)",
            advice: checkLogin + ". If they are right, Extended Protection behind a TLS-terminating proxy or load "
                + "balancer is a likely cause: the login was bound to the certificate this client received from "
                + "\(endpoint) (SHA-256 \(fingerprint)), and Exchange accepts a binding to its own certificate only. "
                + "Compare the two (on the Exchange server: openssl s_client -connect localhost:443 </dev/null | "
                + "openssl x509 -noout -fingerprint -sha256); if they differ, let the proxy pass TLS through to "
                + "Exchange, or turn Extended Protection off for the EWS virtual directory, or set "
                + "authentication: basic (over https)")
    }

    /// The SHA-256 fingerprint as `openssl x509 -fingerprint -sha256` prints it: "AB:CD:…".
    static func fingerprint(_ der: [UInt8]) -> String {
        SHA256.hash(data: der).map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: ":")
    }

    private static func detail(_ response: HTTPConnection.Response) -> String {
        "HTTP 401; WWW-Authenticate: \(response.headers["WWW-Authenticate"].joined(separator: ", "))"
    }
}
