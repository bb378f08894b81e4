import EWS
import Foundation

/// What the HTTP layer does with a request after looking at its credentials.
enum AuthenticationAction: Sendable, Equatable {
    /// Go on as this account.
    case proceed(login: String)
    /// Answer 401 with these `WWW-Authenticate` values and keep the connection open.
    case challenge([String])
}

/// The authentication state of one TCP connection, as IIS keeps it: NTLM authenticates the connection (all three
/// legs must arrive on it, and later requests on it need no header), Basic and Bearer each request.
///
/// A value type with no I/O: the server keeps one per connection and feeds it each request's `Authorization`.
struct ConnectionAuthenticator: Sendable {
    private var ntlm: NTLMServer
    private var ntlmScheme = "NTLM"
    private(set) var authenticatedLogin: String?

    private let keyExchangeAndMIC: Bool

    /// - Parameter channelBinding: IIS Extended Protection: the binding of the server certificate NTLM logins
    ///   are checked against, if at all.
    init(
        ntlmDomain: String,
        keyExchangeAndMIC: Bool = true,
        channelBinding: NTLMServer.ChannelBindingPolicy = .off
    ) {
        ntlm = NTLMServer(
            configuration: NTLMServer.Configuration(
                netBIOSDomainName: ntlmDomain, netBIOSComputerName: "EXCH01", includesTimestamp: keyExchangeAndMIC,
                channelBinding: channelBinding
            ))
        self.keyExchangeAndMIC = keyExchangeAndMIC
    }

    /// Decides what to do with a request carrying `authorization` (nil when absent).
    /// - Parameter issuedToken: the login of a token the simulated token endpoint issued and that is still valid.
    mutating func evaluate(
        authorization: String?,
        configuration: EWSSimulatorConfiguration,
        issuedToken: (String) -> String? = { _ in nil }
    ) -> AuthenticationAction {
        let schemes = configuration.authentication
        guard let authorization = authorization?.trimmingCharacters(in: .whitespaces), !authorization.isEmpty else {
            if let authenticatedLogin, schemes.contains(.ntlm) { return .proceed(login: authenticatedLogin) }
            return .challenge(Self.offers(schemes))
        }
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        let scheme = parts.first.map(String.init) ?? ""
        let token = parts.count == 2 ? parts[1].trimmingCharacters(in: .whitespaces) : ""

        switch scheme.lowercased() {
        case "ntlm" where schemes.contains(.ntlm), "negotiate" where schemes.contains(.ntlm):
            return ntlmLeg(scheme: scheme, token: token, configuration: configuration)
        case "basic" where schemes.contains(.basic):
            authenticatedLogin = nil
            guard let decoded = Data(base64Encoded: token).map({ String(decoding: $0, as: UTF8.self) }),
                let colon = decoded.firstIndex(of: ":")
            else { return .challenge(Self.offers(schemes)) }
            let user = String(decoded[..<colon])
            let password = String(decoded[decoded.index(after: colon)...])
            guard let account = configuration.account(named: user), account.password == password else {
                return .challenge(Self.offers(schemes))
            }
            return .proceed(login: account.login)
        case "bearer" where schemes.contains(.bearer):
            authenticatedLogin = nil
            // An expired token gets the same 401 as an unknown one, as Exchange Online answers.
            guard let login = configuration.bearerTokens[token] ?? issuedToken(token) else {
                return .challenge([#"Bearer error="invalid_token""#] + Self.offers(schemes.subtracting(.bearer)))
            }
            return .proceed(login: login)
        default:
            return .challenge(Self.offers(schemes))
        }
    }

    /// NEGOTIATE → CHALLENGE, AUTHENTICATE → verified (or a fresh bare offer, as IIS answers a wrong password).
    private mutating func ntlmLeg(
        scheme: String,
        token: String,
        configuration: EWSSimulatorConfiguration
    ) -> AuthenticationAction {
        guard let data = Data(base64Encoded: token), data.count >= 12,
            data.starts(with: Array("NTLMSSP\0".utf8))
        else { return .challenge(Self.offers(configuration.authentication)) }
        let message = [UInt8](data)
        let type = UInt32(message[8]) | UInt32(message[9]) << 8 | UInt32(message[10]) << 16 | UInt32(message[11]) << 24
        switch type {
        case 1:
            authenticatedLogin = nil
            ntlmScheme = scheme.caseInsensitiveCompare("Negotiate") == .orderedSame ? "Negotiate" : "NTLM"
            guard
                let challenge = try? ntlm.challenge(
                    negotiate: keyExchangeAndMIC ? message : Self.withoutKeyExchange(message))
            else {
                return .challenge(Self.offers(configuration.authentication))
            }
            return .challenge(["\(ntlmScheme) \(Data(challenge).base64EncodedString())"])
        case 3:
            let verified = try? ntlm.verify(authenticate: message) { user, domain in
                configuration.account(named: user, domain: domain)?.password
            }
            guard let verified, let account = configuration.account(named: verified.user, domain: verified.domain)
            else {
                authenticatedLogin = nil
                return .challenge(Self.offers(configuration.authentication))
            }
            authenticatedLogin = account.login
            return .proceed(login: account.login)
        default:
            return .challenge(Self.offers(configuration.authentication))
        }
    }

    /// The NEGOTIATE with NTLMSSP_NEGOTIATE_KEY_EXCH (0x40000000) cleared, so the CHALLENGE doesn't grant it.
    private static func withoutKeyExchange(_ negotiate: [UInt8]) -> [UInt8] {
        var message = negotiate
        if message.count >= 16 { message[15] &= ~0x40 }
        return message
    }

    /// The `WWW-Authenticate` values of a bare 401, in IIS's order.
    static func offers(_ schemes: EWSSimulatorConfiguration.AuthenticationSchemes) -> [String] {
        var values: [String] = []
        if schemes.contains(.ntlm) { values += ["Negotiate", "NTLM"] }
        if schemes.contains(.basic) { values.append(#"Basic realm="EXCH01""#) }
        if schemes.contains(.bearer) {
            values.append(#"Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize""#)
        }
        return values
    }
}
