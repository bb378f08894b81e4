import Domain
import Foundation
import GRDB
import Store

// MARK: API tokens

extension SQLiteStore {
    public func createToken(_ token: APIToken, secretHash: String) async throws {
        let body = String(decoding: try JSONCoding.encoder().encode(token), as: UTF8.self)
        try await database.write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM api_token WHERE name = ?", arguments: [token.name]) == nil
            else { throw StoreError.alreadyExists("token \(token.name)") }
            guard let user = try Row.fetchOne(db, sql: "SELECT * FROM app_user WHERE id = ?",
                                              arguments: [token.userID]).map(Self.user(from:)) else {
                throw StoreError.notFound("user \(token.userID)")
            }
            if let problem = user.grantProblem(permissions: token.permissions, projects: token.projects,
                                               subject: "user \(user.login)") {
                throw StoreError.invalid("a token carries at most its user's permissions and projects: \(problem)")
            }
            try db.execute(
                sql: "INSERT INTO api_token (id, name, hash, body, created_at, user_id) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [token.id, token.name, secretHash, body, Self.time(token.createdAt), token.userID]
            )
        }
    }

    public func useToken(secretHash: String) async throws -> APIToken? {
        let now = Self.now()
        return try await database.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM api_token WHERE hash = ?",
                                             arguments: [secretHash]) else { return nil }
            var token = try Self.token(from: row)
            // Written at most once a minute per token, so reads don't all become writes.
            if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
                try db.execute(sql: "UPDATE api_token SET last_used_at = ? WHERE id = ?",
                               arguments: [Self.time(now), token.id])
                token.lastUsedAt = now
            }
            return token
        }
    }

    public func tokens() async throws -> [APIToken] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_token ORDER BY created_at, name").map(Self.token(from:))
        }
    }

    public func deleteToken(id: String) async throws {
        try await database.write { db in
            let tokens = try Row.fetchAll(db, sql: "SELECT * FROM api_token").map(Self.token(from:))
            guard let token = tokens.first(where: { $0.id == id }) else { throw StoreError.notFound("token \(id)") }
            if token.isAdministrator, !tokens.contains(where: { $0.id != id && $0.isAdministrator }) {
                throw StoreError.conflict("token \(token.name) is the last one with tokens-admin on every project; "
                    + "create another such token before revoking it")
            }
            try db.execute(sql: "DELETE FROM api_token WHERE id = ?", arguments: [id])
        }
    }

    static func token(from row: Row) throws -> APIToken {
        let body: String = row["body"]
        var token = try JSONCoding.decoder().decode(APIToken.self, from: Data(body.utf8))
        token.userID = (row["user_id"] as String?) ?? token.userID
        token.lastUsedAt = (row["last_used_at"] as Double?).map(date)
        return token
    }
}
