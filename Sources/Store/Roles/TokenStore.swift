import Domain
import Foundation

/// API tokens, by the SHA-256 of their secrets.
public protocol TokenStore: Sendable {
    /// Saves a token by the SHA-256 hex of its secret. Throws `alreadyExists` for a taken name, `notFound` for an
    /// unknown user, and `invalid` when the token would carry more than its user holds.
    func createToken(_ token: APIToken, secretHash: String) async throws
    /// The token whose secret hashes to `secretHash`, noting it as used now.
    func useToken(secretHash: String) async throws -> APIToken?
    func tokens() async throws -> [APIToken]
    /// Throws `notFound`, or `conflict` for the last unscoped `tokens-admin` token (someone must be able to manage
    /// tokens and global settings).
    func deleteToken(id: String) async throws
}
