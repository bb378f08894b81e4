import Foundation

/// What a server's `WWW-Authenticate` values say about NTLM ([MS-NTHT] 2.2).
public enum NTLMHTTPChallenge: Sendable, Hashable {
    /// A bare `NTLM`: the server accepts NTLM; send a NEGOTIATE message.
    case offered
    /// `NTLM <base64>`: the server's CHALLENGE message, decoded.
    case challenge([UInt8])
}

/// The HTTP form of NTLM messages ([MS-NTHT] 2.2): `NTLM <base64 message>` in `Authorization` (client) and
/// `WWW-Authenticate` (server).
public enum NTLMHTTPHeader {
    /// The authentication scheme name.
    public static let scheme = "NTLM"

    /// `"NTLM " + base64(message)`: an `Authorization` value for a client message, or a `WWW-Authenticate`
    /// value for a CHALLENGE.
    public static func value(for message: [UInt8]) -> String {
        "\(scheme) \(Data(message).base64EncodedString())"
    }

    /// Finds NTLM among the `WWW-Authenticate` values of a response. Each value may itself list several
    /// challenges separated by commas (`Negotiate, NTLM`, `Basic realm="a, b"`); scheme names compare without case.
    ///
    /// - Returns: nil when NTLM isn't offered.
    /// - Throws: `NTLMError.malformedHeader` when the NTLM token isn't base64.
    public static func challenge(inWWWAuthenticate values: [String]) throws(NTLMError) -> NTLMHTTPChallenge? {
        var offered = false
        for value in values {
            for element in elements(of: value) {
                guard let token = ntlmToken(in: element) else { continue }
                if token.isEmpty {
                    offered = true
                } else {
                    return .challenge(try decode(token))
                }
            }
        }
        return offered ? .offered : nil
    }

    /// The NTLM message in an `Authorization` value (`NTLM <base64>`), for a server.
    ///
    /// - Throws: `NTLMError.malformedHeader` for another scheme, a missing token or invalid base64.
    public static func message(inAuthorization value: String) throws(NTLMError) -> [UInt8] {
        guard let token = ntlmToken(in: value.trimmingCharacters(in: .whitespaces)), !token.isEmpty else {
            throw .malformedHeader
        }
        return try decode(token)
    }

    /// `"NTLM"` alone gives "", `"NTLM abc"` gives "abc", anything else nil.
    private static func ntlmToken(in element: String) -> String? {
        let parts = element.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard let first = parts.first, first.caseInsensitiveCompare(scheme) == .orderedSame else { return nil }
        return parts.count == 2 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
    }

    private static func decode(_ token: String) throws(NTLMError) -> [UInt8] {
        guard let data = Data(base64Encoded: token) else { throw .malformedHeader }
        return Array(data)
    }

    /// Splits a header value at commas outside quoted strings (RFC 9110 11.6.1 lists), trimming each element.
    private static func elements(of value: String) -> [String] {
        var elements: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in value {
            if escaped {
                escaped = false
            } else if quoted, character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ",", !quoted {
                elements.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
                continue
            }
            current.append(character)
        }
        elements.append(current.trimmingCharacters(in: .whitespaces))
        return elements
    }
}
