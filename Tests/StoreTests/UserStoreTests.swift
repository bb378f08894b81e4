import Domain
import Foundation
import Store
import Testing

/// The user and session roles of every store: logins unique ignoring case, tokens within their users, the last
/// administrator kept, sessions that end.
@Suite struct UserStoreTests {
    static func user(_ login: String, _ permissions: [Permission], projects: [String]? = nil) -> User {
        User(id: User.newID(), login: login, email: "\(login)@example.com", permissions: permissions,
             projects: projects, createdAt: Date(timeIntervalSince1970: 1_736_150_000))
    }

    static func token(_ name: String, of user: User, _ permissions: [Permission],
                      projects: [String]? = nil) -> APIToken {
        APIToken(id: User.newID(), name: name, userID: user.id, permissions: permissions, projects: projects,
                 createdAt: Date())
    }

    /// Expects `body` to throw a `StoreError` of the kind `kind` tells.
    static func expect(_ kind: KeyPath<StoreError, Bool>, sourceLocation: SourceLocation = #_sourceLocation,
                       _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected a StoreError", sourceLocation: sourceLocation)
        } catch let error as StoreError {
            #expect(error[keyPath: kind], "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected a StoreError, got \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: StoreSuite.implementations)
    func aNewStoreHasTheAdminUserAndLoginsAreUniqueIgnoringCase(_ implementation: StoreSuite.Implementation)
        async throws {
        try await StoreSuite.withWorld(implementation) { world in
            let store = world.store
            let admin = try #require(try await store.firstAdministrator())
            #expect(admin.login == "admin")
            #expect(admin.permissions == Permission.allCases.sorted())
            #expect(admin.isUnscoped && !admin.hasPassword && admin.email == nil)
            #expect(admin.id.count == 16 && admin.id.allSatisfy(\.isHexDigit))

            let ann = Self.user("Ann", [.sourcesRead], projects: ["ops"])
            try await store.createUser(ann, passwordHash: nil)
            #expect(try await store.user(id: ann.id) == ann)
            #expect(try await store.user(login: "ann") == ann)
            await #expect(throws: StoreError.self) {
                try await store.createUser(Self.user("ANN", []), passwordHash: nil)
            }
            #expect(Set(try await store.users().map(\.login)) == ["admin", "Ann"])
            #expect(try await store.credentials(login: "ann")?.passwordHash == nil)
            #expect(try await store.credentials(login: "nobody") == nil)
        }
    }

    @Test(arguments: StoreSuite.implementations)
    func aTokenCarriesAtMostItsUsersPermissionsAndProjects(_ implementation: StoreSuite.Implementation)
        async throws {
        try await StoreSuite.withWorld(implementation) { world in
            let store = world.store
            let ann = Self.user("ann", [.sourcesRead, .triggersConsume], projects: ["ops", "legal"])
            try await store.createUser(ann, passwordHash: nil)
            try await store.createToken(Self.token("bot", of: ann, [.sourcesRead], projects: ["ops"]), secretHash: "h1")
            let more = Self.token("more", of: ann, [.sourcesRead, .sourcesAdmin], projects: ["ops"])
            await Self.expect(\.isInvalid) { try await store.createToken(more, secretHash: "h2") }
            let wider = Self.token("wider", of: ann, [.sourcesRead], projects: ["ops", "hr"])
            await Self.expect(\.isInvalid) { try await store.createToken(wider, secretHash: "h3") }
            let everywhere = Self.token("everywhere", of: ann, [.sourcesRead])
            await Self.expect(\.isInvalid) { try await store.createToken(everywhere, secretHash: "h4") }
            var orphan = Self.token("orphan", of: ann, [.sourcesRead], projects: ["ops"])
            orphan.userID = "0000000000000000"
            await Self.expect(\.isNotFound) { try await store.createToken(orphan, secretHash: "h5") }
            #expect(try await store.tokens().map(\.name) == ["bot"])
            #expect(try await store.useToken(secretHash: "h1")?.userID == ann.id)
        }
    }

    @Test(arguments: StoreSuite.implementations)
    func takingPermissionsFromAUserNarrowsItsTokens(_ implementation: StoreSuite.Implementation) async throws {
        try await StoreSuite.withWorld(implementation) { world in
            let store = world.store
            var ann = Self.user("ann", [.sourcesRead, .triggersConsume], projects: ["ops", "legal"])
            try await store.createUser(ann, passwordHash: nil)
            try await store.createToken(Self.token("both", of: ann, [.sourcesRead, .triggersConsume],
                                                   projects: ["ops", "legal"]), secretHash: "h1")
            try await store.createToken(Self.token("legal", of: ann, [.sourcesRead], projects: ["legal"]),
                                        secretHash: "h2")
            try await store.createToken(Self.token("consume", of: ann, [.triggersConsume], projects: ["ops"]),
                                        secretHash: "h3")
            ann.permissions = [.sourcesRead]
            ann.projects = ["ops"]
            ann.displayName = "Ann Lee"
            let stored = try await store.updateUser(ann)
            #expect(stored.displayName == "Ann Lee" && stored.login == "ann")
            #expect(stored.updatedAt >= stored.createdAt)
            let tokens = try await store.tokens()
            // "legal" reached only a project Ann lost, "consume" only a permission she lost: both are revoked.
            #expect(tokens.map(\.name) == ["both"])
            #expect(tokens.first?.permissions == [.sourcesRead] && tokens.first?.projects == ["ops"])
            await Self.expect(\.isNotFound) {
                _ = try await store.updateUser(Self.user("ghost", []))
            }
        }
    }

    @Test(arguments: StoreSuite.implementations)
    func theLastAdministratorUserAndTokenStay(_ implementation: StoreSuite.Implementation) async throws {
        try await StoreSuite.withWorld(implementation) { world in
            let store = world.store
            var admin = try #require(try await store.firstAdministrator())
            try await store.createToken(Self.token("root", of: admin, Permission.allCases), secretHash: "root")
            await Self.expect(\.isConflict) { try await store.deleteUser(id: admin.id) }
            admin.permissions = [.sourcesRead]
            await Self.expect(\.isConflict) { _ = try await store.updateUser(admin) }
            #expect(try await store.firstAdministrator()?.permissions == Permission.allCases.sorted())

            // Another administrator without a token: the first still holds the last administrator token.
            let second = Self.user("second", Permission.allCases)
            try await store.createUser(second, passwordHash: nil)
            await Self.expect(\.isConflict) { try await store.deleteUser(id: admin.id) }
            #expect(try await store.tokens().map(\.name) == ["root"])
            try await store.createToken(Self.token("root2", of: second, [.tokensAdmin]), secretHash: "root2")
            try await store.deleteUser(id: admin.id)
            #expect(try await store.user(id: admin.id) == nil)
            #expect(try await store.tokens().map(\.name) == ["root2"], "the removed user's tokens are revoked")
            await Self.expect(\.isNotFound) { try await store.deleteUser(id: admin.id) }
        }
    }

    @Test(arguments: StoreSuite.implementations)
    func sessionsEndWhenIdleExpiredSignedOutOrTheirUserGoes(_ implementation: StoreSuite.Implementation)
        async throws {
        try await StoreSuite.withWorld(implementation) { world in
            let store = world.store
            let ann = Self.user("ann", [.sourcesRead])
            try await store.createUser(ann, passwordHash: "$scrypt$old")
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            let session = Session(userID: ann.id, createdAt: start, expiresAt: start.addingTimeInterval(3_600))
            try await store.createSession(session, secretHash: "s1")
            try await store.createSession(session, secretHash: "s2")
            try await store.createSession(session, secretHash: "s3")
            let used = try await store.useSession(secretHash: "s1", now: start.addingTimeInterval(120),
                                                  idleTimeout: 600)
            #expect(used?.1.id == ann.id)
            #expect(used?.0.lastSeenAt == start.addingTimeInterval(120))
            // Idle: s2 unused for 11 minutes; it is gone for good afterwards.
            #expect(try await store.useSession(secretHash: "s2", now: start.addingTimeInterval(660),
                                               idleTimeout: 600) == nil)
            #expect(try await store.useSession(secretHash: "s2", now: start, idleTimeout: 600) == nil)
            // Absolute end, however busy.
            #expect(try await store.useSession(secretHash: "s1", now: start.addingTimeInterval(3_600),
                                               idleTimeout: 1e9) == nil)
            try await store.deleteSession(secretHash: "s3")
            #expect(try await store.useSession(secretHash: "s3", now: start, idleTimeout: 600) == nil)

            // A new password ends the user's sessions; so does the user's removal.
            try await store.createSession(session, secretHash: "s4")
            try await store.setPassword(userID: ann.id, passwordHash: "$scrypt$new")
            #expect(try await store.credentials(login: "ann")?.passwordHash == "$scrypt$new")
            #expect(try await store.user(id: ann.id)?.hasPassword == true)
            #expect(try await store.useSession(secretHash: "s4", now: start, idleTimeout: 600) == nil)
            try await store.createSession(session, secretHash: "s5")
            try await store.deleteUser(id: ann.id)
            #expect(try await store.useSession(secretHash: "s5", now: start, idleTimeout: 600) == nil)
            await Self.expect(\.isNotFound) {
                try await store.createSession(session, secretHash: "s6")
            }
            await Self.expect(\.isNotFound) {
                try await store.setPassword(userID: ann.id, passwordHash: nil)
            }
        }
    }
}
