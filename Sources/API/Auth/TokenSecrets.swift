import Crypto
import Domain
import Foundation
import Store

/// Making and hashing token and session secrets. A token's secret is 32 random bytes, URL-safe base64, prefixed
/// `ms_` so that secret scanners can recognise it.
public enum TokenSecrets {
    public static func generate(prefix: String = "ms_") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + Base64URL.encode(bytes)
    }

    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Creates a token for the user `userID` and returns it with its secret, which is shown once and never stored.
    /// The store refuses (`invalid`) a token carrying more than its user holds.
    public static func create(name: String, permissions: [Permission], projects: [String]?, userID: String,
                              in store: any Store) async throws -> (token: APIToken, secret: String) {
        let secret = generate()
        let token = APIToken(id: User.newID(), name: name, userID: userID, permissions: permissions,
                             projects: projects, createdAt: Date())
        try await store.createToken(token, secretHash: hash(secret))
        return (token, secret)
    }

    /// On a first run (no token yet) creates an `admin` token with every permission for the first administrator
    /// user (the `admin` user the store's upgrade made) and writes its secret to `file` with mode 0600; returns the
    /// file's path when it did.
    public static func bootstrap(store: any Store, file: URL) async throws -> URL? {
        guard try await store.tokens().isEmpty else { return nil }
        guard let administrator = try await store.firstAdministrator() else {
            throw StoreError.invalid("no user holds tokens-admin on every project; add one with `mailstream user "
                + "add --permissions all`")
        }
        let (_, secret) = try await create(name: "admin", permissions: administrator.permissions, projects: nil,
                                           userID: administrator.id, in: store)
        let created = FileManager.default.createFile(atPath: file.path, contents: Data((secret + "\n").utf8),
                                                     attributes: [.posixPermissions: 0o600])
        guard created else { throw StoreError.invalid("cannot write \(file.path)") }
        return file
    }
}
