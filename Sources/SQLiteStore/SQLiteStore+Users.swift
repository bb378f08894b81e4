import Domain
import Foundation
import GRDB
import Store

// MARK: Users

extension SQLiteStore {
    public func createUser(_ user: User, passwordHash: String?) async throws {
        let permissions = try Self.json(user.permissions)
        let projects = try user.projects.map(Self.json)
        try await database.write { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM app_user WHERE login = ? OR id = ?",
                                arguments: [user.login, user.id]) != nil {
                throw StoreError.alreadyExists("user \(user.login)")
            }
            try db.execute(
                sql: """
                    INSERT INTO app_user (id, login, email, display_name, permissions, projects, password, created_at,
                        updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [user.id, user.login, user.email, user.displayName, permissions, projects, passwordHash,
                            Self.time(user.createdAt), Self.time(user.updatedAt)]
            )
        }
    }

    public func users() async throws -> [User] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM app_user ORDER BY created_at, login").map(Self.user(from:))
        }
    }

    public func user(id: String) async throws -> User? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM app_user WHERE id = ?", arguments: [id]).map(Self.user(from:))
        }
    }

    public func user(login: String) async throws -> User? {
        try await credentials(login: login)?.user
    }

    public func credentials(login: String) async throws -> (user: User, passwordHash: String?)? {
        try await database.read { db in
            // The column's NOCASE collation makes this ignore ASCII case.
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM app_user WHERE login = ?", arguments: [login])
            else { return nil }
            return (try Self.user(from: row), row["password"] as String?)
        }
    }

    public func updateUser(_ user: User) async throws -> User {
        let permissions = try Self.json(user.permissions)
        let projects = try user.projects.map(Self.json)
        let now = Self.now()
        return try await database.write { db in
            let before = try Self.administrators(db)
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM app_user WHERE id = ?", arguments: [user.id]) != nil else {
                throw StoreError.notFound("user \(user.id)")
            }
            try db.execute(
                sql: """
                    UPDATE app_user SET email = ?, display_name = ?, permissions = ?, projects = ?, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [user.email, user.displayName, permissions, projects, Self.time(now), user.id]
            )
            guard let stored = try Row.fetchOne(db, sql: "SELECT * FROM app_user WHERE id = ?", arguments: [user.id])
                .map(Self.user(from:)) else { throw StoreError.notFound("user \(user.id)") }
            try Self.narrowTokens(of: stored, db)
            try Self.checkAdministrators(before: before, db, change: "changing user \(stored.login)")
            return stored
        }
    }

    public func setPassword(userID: String, passwordHash: String?) async throws {
        let now = Self.now()
        try await database.write { db in
            try db.execute(sql: "UPDATE app_user SET password = ?, updated_at = ? WHERE id = ?",
                           arguments: [passwordHash, Self.time(now), userID])
            guard db.changesCount == 1 else { throw StoreError.notFound("user \(userID)") }
            // A new password ends every session signed in with the old one.
            try db.execute(sql: "DELETE FROM session WHERE user_id = ?", arguments: [userID])
        }
    }

    public func deleteUser(id: String) async throws {
        try await database.write { db in
            let before = try Self.administrators(db)
            guard let login = try String.fetchOne(db, sql: "SELECT login FROM app_user WHERE id = ?", arguments: [id])
            else { throw StoreError.notFound("user \(id)") }
            try db.execute(sql: "DELETE FROM api_token WHERE user_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM session WHERE user_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM app_user WHERE id = ?", arguments: [id])
            try Self.checkAdministrators(before: before, db, change: "removing user \(login)")
        }
    }

    static func user(from row: Row) throws -> User {
        let decoder = JSONCoding.decoder()
        let permissions = try decoder.decode([Permission].self, from: Data((row["permissions"] as String).utf8))
        let projects = try (row["projects"] as String?).map {
            try decoder.decode([String].self, from: Data($0.utf8))
        }
        return User(id: row["id"], login: row["login"], email: row["email"], displayName: row["display_name"],
                    permissions: permissions, projects: projects, hasPassword: (row["password"] as String?) != nil,
                    createdAt: date(row["created_at"]), updatedAt: date(row["updated_at"]))
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONCoding.encoder().encode(value), as: UTF8.self)
    }

    /// Cuts the user's tokens down to what it holds now; a token left with no permission or no project goes.
    static func narrowTokens(of user: User, _ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT * FROM api_token WHERE user_id = ?", arguments: [user.id]) {
            var token = try token(from: row)
            let narrowed = Access(token).intersection(user)
            guard narrowed != Access(token) else { continue }
            if narrowed.permissions.isEmpty || narrowed.projects?.isEmpty == true {
                try db.execute(sql: "DELETE FROM api_token WHERE id = ?", arguments: [token.id])
                continue
            }
            token.permissions = narrowed.permissions
            token.projects = narrowed.projects
            try db.execute(sql: "UPDATE api_token SET body = ? WHERE id = ?", arguments: [try json(token), token.id])
        }
    }

    /// How many users and tokens are administrators (``ProjectScoped/isAdministrator``).
    static func administrators(_ db: Database) throws -> (users: Int, tokens: Int) {
        let users = try Row.fetchAll(db, sql: "SELECT * FROM app_user").map(user(from:)).filter(\.isAdministrator)
        let tokens = try Row.fetchAll(db, sql: "SELECT * FROM api_token").map(token(from:)).filter(\.isAdministrator)
        return (users.count, tokens.count)
    }

    /// Throws `conflict` (rolling the transaction back) when a change left no administrator user, or no
    /// administrator token, where there was one: someone must always be able to manage users, tokens and quotas.
    static func checkAdministrators(before: (users: Int, tokens: Int), _ db: Database, change: String) throws {
        let after = try administrators(db)
        if before.users > 0, after.users == 0 {
            throw StoreError.conflict("\(change) would leave no user with tokens-admin on every project; give "
                + "another user that permission first")
        }
        if before.tokens > 0, after.tokens == 0 {
            throw StoreError.conflict("\(change) would revoke the last token with tokens-admin on every project; "
                + "create such a token for another administrator first")
        }
    }
}

// MARK: Sessions

extension SQLiteStore {
    public func createSession(_ session: Session, secretHash: String) async throws {
        try await database.write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM app_user WHERE id = ?", arguments: [session.userID]) != nil
            else { throw StoreError.notFound("user \(session.userID)") }
            // Sessions past their absolute end go here, so that abandoned ones don't pile up.
            try db.execute(sql: "DELETE FROM session WHERE expires_at <= ?", arguments: [Self.time(session.createdAt)])
            try db.execute(
                sql: """
                    INSERT INTO session (hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [secretHash, session.userID, Self.time(session.createdAt), Self.time(session.lastSeenAt),
                            Self.time(session.expiresAt)]
            )
        }
    }

    public func useSession(secretHash: String, now: Date, idleTimeout: TimeInterval) async throws -> (Session, User)? {
        try await database.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM session WHERE hash = ?", arguments: [secretHash])
            else { return nil }
            var session = Session(userID: row["user_id"], createdAt: Self.date(row["created_at"]),
                                  lastSeenAt: Self.date(row["last_seen_at"]), expiresAt: Self.date(row["expires_at"]))
            guard now < session.expiresAt, now.timeIntervalSince(session.lastSeenAt) < idleTimeout,
                  let user = try Row.fetchOne(db, sql: "SELECT * FROM app_user WHERE id = ?",
                                              arguments: [session.userID]).map(Self.user(from:)) else {
                try db.execute(sql: "DELETE FROM session WHERE hash = ?", arguments: [secretHash])
                return nil
            }
            // Written at most once a minute, so reads don't all become writes.
            if now.timeIntervalSince(session.lastSeenAt) > 60 {
                try db.execute(sql: "UPDATE session SET last_seen_at = ? WHERE hash = ?",
                               arguments: [Self.time(now), secretHash])
                session.lastSeenAt = now
            }
            return (session, user)
        }
    }

    public func deleteSession(secretHash: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM session WHERE hash = ?", arguments: [secretHash])
        }
    }
}
