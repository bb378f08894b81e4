import Domain
import Foundation

/// Reads a token endpoint's answer: the token of a 200, or the error Entra ID describes, classified for the engine.
///
/// Success (RFC 6749 §5.1): `{"token_type":"Bearer","expires_in":3599,"access_token":"…"}`. Errors (§5.2, with
/// Entra's additions, learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow "Error
/// response"): `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. …",
/// "error_codes":[7000215],"timestamp":"…","trace_id":"…","correlation_id":"…"}`, with HTTP 401 for
/// `invalid_client` and 400 for the others.
public enum TokenResponse {
    struct Success: Decodable {
        var accessToken: String
        var tokenType: String?
        var expiresIn: Int

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case tokenType = "token_type"
            case expiresIn = "expires_in"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            accessToken = try container.decode(String.self, forKey: .accessToken)
            tokenType = try container.decodeIfPresent(String.self, forKey: .tokenType)
            // v1 endpoints and some proxies send the number as a string.
            if let number = try? container.decode(Int.self, forKey: .expiresIn) {
                expiresIn = number
            } else if let text = try? container.decode(String.self, forKey: .expiresIn), let number = Int(text) {
                expiresIn = number
            } else {
                throw DecodingError.dataCorruptedError(forKey: .expiresIn, in: container,
                                                       debugDescription: "expires_in must be a number of seconds")
            }
        }
    }

    /// An error answer's fields.
    public struct ErrorBody: Decodable, Sendable, Equatable {
        public var error: String
        public var errorDescription: String?
        public var errorCodes: [Int]?
        public var traceID: String?
        public var correlationID: String?

        enum CodingKeys: String, CodingKey {
            case error
            case errorDescription = "error_description"
            case errorCodes = "error_codes"
            case traceID = "trace_id"
            case correlationID = "correlation_id"
        }

        /// The AADSTS code: the first of `error_codes`, or the number after `AADSTS` in the description.
        public var code: Int? {
            if let first = errorCodes?.first { return first }
            guard let description = errorDescription, description.hasPrefix("AADSTS") else { return nil }
            return Int(description.dropFirst(6).prefix { $0.isNumber })
        }
    }

    /// The token of a successful answer.
    /// - Throws: `MailSourceError`: `.authentication` for credentials or an application Entra ID refuses,
    ///   `.transient` (with `Retry-After`) for 429, 5xx and `temporarily_unavailable`, `.configuration` for other
    ///   refusals and for a 200 that holds no usable token.
    public static func parse(_ response: TokenEndpointResponse, receivedAt now: Date) throws -> AccessToken {
        guard response.status == 200 else { throw error(for: response, now: now) }
        let success: Success
        do {
            success = try JSONDecoder().decode(Success.self, from: Data(response.body))
        } catch {
            throw MailSourceError(.configuration, "the token endpoint answered 200 without a token",
                                  detail: "\(error)")
        }
        let type = success.tokenType ?? "Bearer"
        guard type.caseInsensitiveCompare("Bearer") == .orderedSame, !success.accessToken.isEmpty,
              success.expiresIn > 0 else {
            throw MailSourceError(.configuration, "the token endpoint answered with an unusable token",
                                  detail: "token_type \(type), expires_in \(success.expiresIn)")
        }
        return AccessToken(value: success.accessToken, tokenType: type, issuedAt: now,
                           expiresAt: now.addingTimeInterval(TimeInterval(success.expiresIn)))
    }

    /// The error an unsuccessful answer stands for.
    public static func error(for response: TokenEndpointResponse, now: Date = Date()) -> MailSourceError {
        let body = try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body))
        let detail = "HTTP \(response.status)" + (body.map { "; \($0.error): \(firstLine($0.errorDescription))" } ?? "")
        if response.status == 429 || response.status >= 500 || body?.error == "temporarily_unavailable" {
            return MailSourceError(.transient(retryAfter: RetryAfter.duration(response.header("Retry-After"), now: now)),
                                   "the Entra ID token endpoint is unavailable or throttling", detail: detail)
        }
        guard let body else {
            return MailSourceError(response.status == 401 ? .authentication : .configuration,
                                   "the token endpoint refused the request", detail: detail)
        }
        if let code = body.code, let known = AADSTSCode.known[code] {
            return MailSourceError(known.kind, "AADSTS\(code): \(known.advice)", detail: detail)
        }
        let prefix = body.code.map { "AADSTS\($0): " } ?? ""
        switch body.error {
        case "invalid_client", "unauthorized_client":
            return MailSourceError(.authentication,
                                   prefix + "Entra ID refused the application's credentials: check client_id, the "
                                   + "secret or certificate, and the app registration", detail: detail)
        case "invalid_grant":
            return MailSourceError(.authentication, prefix + "Entra ID refused the grant: check the app registration",
                                   detail: detail)
        default:
            return MailSourceError(response.status == 401 ? .authentication : .configuration,
                                   prefix + "Entra ID refused the token request (\(body.error))", detail: detail)
        }
    }

    /// Entra's descriptions go on with "\r\nTrace ID: …\r\nCorrelation ID: …\r\nTimestamp: …".
    private static func firstLine(_ text: String?) -> String {
        String((text ?? "").split(whereSeparator: \.isNewline).first ?? "")
    }
}
