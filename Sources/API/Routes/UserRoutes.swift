import Domain
import Foundation
import Hummingbird
import Store

/// Users, in the shapes the official client reads and writes. `GET /auth/user` is the caller's user (the client
/// reads it before every command); `GET /api/_private/users[/<id>]` lists the caller and, with `tokens-admin`,
/// every user it reaches (as `GET /api/v1/tokens` does for tokens; any other id is a 404). Creating (`PUT`),
/// changing (`POST …/<id>`) and removing (`DELETE …/<id>`) users is for an administrator (`tokens-admin` on every
/// project), who grants only what it holds and can't change its own permissions or remove itself (another
/// administrator can); anyone may change their own email, display name and password.
struct UserRoutes {
    let store: any Store
    let passwords: PasswordWork
    let sessions: SessionPolicy

    struct Envelope: Decodable { var user: UserBody }

    func add(to router: Router<APIContext>) {
        router.get("auth/user") { _, context in
            let caller = try context.authenticatedCaller()
            var fields: [String: any Encodable] = ["user": try await view(caller.user)]
            if let csrf = caller.csrfToken { fields["csrf_token"] = csrf }
            return try JSONBody.ok(fields)
        }
        router.post("auth/refresh-user-permissions") { request, context in
            _ = try context.authenticatedCaller()
            // The client sends `{}`; anything but an object (or nothing) is a malformed request.
            _ = try await JSONBody.decode(NoFields.self, from: request, context: context)
            return try JSONBody.ok()
        }
        router.get("api/_private/users") { _, context in
            var users: [UserView] = []
            for user in try await visibleUsers(context) { users.append(try await view(user)) }
            return try JSONBody.ok("users", users)
        }
        router.put("api/_private/users") { request, context in
            try context.requireUnscoped(.tokensAdmin)
            let caller = try context.authenticatedCaller()
            let body = try await JSONBody.decode(Envelope.self, from: request, context: context).user
            let user = try await create(body, by: caller)
            return try JSONBody.ok("user", try await view(user), status: .created)
        }
        router.get("api/_private/users/:id") { _, context in
            try JSONBody.ok("user", try await view(try await visibleUser(context)))
        }
        router.post("api/_private/users/:id") { request, context in
            let target = try await visibleUser(context)
            let body = try await JSONBody.decode(Envelope.self, from: request, context: context).user
            let user = try await update(target, with: body, by: try context.authenticatedCaller())
            return try JSONBody.ok("user", try await view(user))
        }
        router.delete("api/_private/users/:id") { _, context in
            let target = try await visibleUser(context)
            try context.requireUnscoped(.tokensAdmin)
            guard target.id != context.caller?.user.id else {
                throw APIError(.forbidden, "you can't remove yourself; another administrator can")
            }
            try await store.deleteUser(id: target.id)
            return try JSONBody.ok()
        }
    }

    private func create(_ body: UserBody, by caller: Caller) async throws -> User {
        guard let login = body.username else {
            throw APIError(.badRequest, "give the new user's login name", field: "user.username")
        }
        guard LoginName.isValid(login) else { throw APIError(.badRequest, LoginName.ruleText, field: "user.username") }
        guard let email = body.email else {
            throw APIError(.badRequest, "give the new user's email address", field: "user.email")
        }
        try Self.check(body)
        let scope = try body.scope(current: nil) ?? Access(permissions: [], projects: nil)
        try Self.checkGrant(scope, by: caller)
        let hash = try await hash(body.password)
        let user = User(id: User.newID(), login: login, email: email, displayName: body.displayName.given,
                        permissions: scope.permissions, projects: scope.projects, hasPassword: hash != nil,
                        createdAt: Self.now())
        try await store.createUser(user, passwordHash: hash)
        return user
    }

    private func update(_ target: User, with body: UserBody, by caller: Caller) async throws -> User {
        let isSelf = target.id == caller.user.id
        let isAdministrator = caller.access.isAdministrator
        guard isAdministrator || isSelf else {
            throw APIError(.forbidden, "changing another user needs tokens-admin on every project")
        }
        if body.username != nil, body.username != target.login {
            throw APIError(.badRequest, "a login name can't be changed; create a new user", field: "user.username")
        }
        try Self.check(body)
        var user = target
        if let scope = try body.scope(current: target), scope != Access(target) {
            guard isAdministrator else {
                throw APIError(.forbidden, "changing permissions needs tokens-admin on every project")
            }
            // So that no one locks themselves out by mistake (and narrows the token they are using).
            guard !isSelf else {
                throw APIError(.forbidden, "you can't change your own permissions; another administrator can")
            }
            try Self.checkGrant(scope, by: caller)
            user.permissions = scope.permissions
            user.projects = scope.projects
        }
        if let email = body.email { user.email = email }
        switch body.displayName {
        case .absent: break
        case .null: user.displayName = nil
        case .value(let name): user.displayName = name
        }
        if let password = body.password {
            // Your own password, once set, takes the current one: a session left open must not be enough.
            if isSelf, target.hasPassword {
                guard let current = body.currentPassword else {
                    throw APIError(.badRequest, "give your current password to change it",
                                   field: "user.current_password")
                }
                guard try await verify(current, login: target.login) else {
                    throw APIError(.forbidden, "the current password is wrong")
                }
            }
            if user != target { user = try await store.updateUser(user) }
            try await store.setPassword(userID: target.id, passwordHash: try await hash(password))
            user.hasPassword = true
            return user
        }
        return user == target ? target : try await store.updateUser(user)
    }

    /// The fields every write checks alike.
    private static func check(_ body: UserBody) throws(APIError) {
        if let email = body.email, let problem = EmailAddressRule.problem(email) {
            throw APIError(.badRequest, problem, field: "user.email")
        }
        if let name = body.displayName.given, let problem = TextLimit.displayName.problem(name) {
            throw APIError(.badRequest, problem, field: "user.display_name")
        }
        if let password = body.password, let problem = PasswordRule.problem(password) {
            throw APIError(.badRequest, problem, field: "user.password")
        }
        if let current = body.currentPassword, current.unicodeScalars.count > PasswordRule.maximumLength {
            throw APIError(.badRequest, "must be at most \(PasswordRule.maximumLength) characters",
                           field: "user.current_password")
        }
    }

    private static func checkGrant(_ scope: Access, by caller: Caller) throws(APIError) {
        if let problem = caller.access.grantProblem(permissions: scope.permissions, projects: scope.projects,
                                                    subject: caller.subject) {
            throw APIError(.forbidden, problem)
        }
    }

    private func hash(_ password: String?) async throws -> String? {
        guard let password else { return nil }
        let parameters = sessions.passwordParameters
        return try await passwords.run {
            Result { try PasswordHash.make(password, parameters: parameters).encoded }
        }.get()
    }

    private func verify(_ password: String, login: String) async throws -> Bool {
        let stored = try await store.credentials(login: login)?.passwordHash.flatMap(PasswordHash.init)
        return try await passwords.run { stored?.verify(password) ?? false }
    }

    /// The caller, and with `tokens-admin` every user it reaches.
    private func visibleUsers(_ context: APIContext) async throws -> [User] {
        let caller = try context.authenticatedCaller()
        guard caller.access.allows(.tokensAdmin) else { return [caller.user] }
        return try await store.users().filter { $0.id == caller.user.id || caller.access.reaches($0) }
    }

    /// The user of the path's id among those visible; one out of reach is answered as one that doesn't exist.
    private func visibleUser(_ context: APIContext) async throws -> User {
        let id = try context.parameter("id")
        guard let user = try await visibleUsers(context).first(where: { $0.id == id }) else {
            throw APIError.notFound("user \(id.prefix(64))")
        }
        return user
    }

    private func view(_ user: User) async throws -> UserView { try await Self.view(user, store: store) }

    /// The projects a user's permissions are listed for: its own limit, or every project that has something.
    static func view(_ user: User, store: any Store) async throws -> UserView {
        if let projects = user.projects { return UserView(user: user, projects: projects) }
        var owners = Set(try await store.buckets().map(\.owner))
        owners.formUnion(try await store.sources().map(\.owner))
        owners.formUnion(try await store.datasets().map(\.owner))
        return UserView(user: user, projects: owners.sorted())
    }

    /// To the millisecond, as the store keeps times.
    static func now() -> Date { Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1_000).rounded() / 1_000) }
}

/// A body that must be a JSON object, whatever it holds. (A synthesized `init(from:)` of a struct without fields
/// reads nothing, so it would take an array or a number too.)
struct NoFields: Decodable {
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        _ = try decoder.container(keyedBy: AnyKey.self)
    }
}
