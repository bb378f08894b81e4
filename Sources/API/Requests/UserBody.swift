import Domain
import Foundation
import Hummingbird

/// The `user` object of `PUT /api/_private/users` (create) and `POST /api/_private/users/<id>` (update). It takes
/// the official client's fields (`username`, `email`, `organisation_permissions`, `global_permissions`) and
/// Mailstream's (`display_name`, `password`, `current_password`, `permissions`, `project_limit`). Permissions come
/// in one of two forms, not both: Mailstream's `permissions` on `project_limit` (null or absent on create: every
/// project), or the client's map of project to permissions, which must give each project the same ones (a user
/// holds one set of permissions on its projects, as a token does).
struct UserBody: Decodable {
    /// A key that may be absent, null or a value: an update tells "leave it" from "clear it".
    enum Field<Value> {
        case absent, null, value(Value)

        var given: Value? { if case .value(let value) = self { value } else { nil } }
        var isAbsent: Bool { if case .absent = self { true } else { false } }
    }

    var username: String?
    var email: String?
    var displayName: Field<String> = .absent
    var password: String?
    var currentPassword: String?
    var permissions: [String]?
    var projectLimit: Field<[String]> = .absent
    var organisationPermissions: [String: [String]]?
    var globalPermissions: [String]?

    enum Key: String, CodingKey, CaseIterable {
        case username, email, password, permissions
        case displayName = "display_name", currentPassword = "current_password", projectLimit = "project_limit"
        case organisationPermissions = "organisation_permissions", globalPermissions = "global_permissions"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        username = try container.decodeIfPresent(String.self, forKey: .username)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        displayName = try Self.field(container, .displayName)
        password = try container.decodeIfPresent(String.self, forKey: .password)
        currentPassword = try container.decodeIfPresent(String.self, forKey: .currentPassword)
        permissions = try container.decodeIfPresent([String].self, forKey: .permissions)
        projectLimit = try Self.field(container, .projectLimit)
        organisationPermissions = try container.decodeIfPresent([String: [String]].self,
                                                                forKey: .organisationPermissions)
        globalPermissions = try container.decodeIfPresent([String].self, forKey: .globalPermissions)
    }

    private static func field<Value: Decodable>(_ container: KeyedDecodingContainer<Key>,
                                                _ key: Key) throws -> Field<Value> {
        guard container.contains(key) else { return .absent }
        if try container.decodeNil(forKey: key) { return .null }
        return .value(try container.decode(Value.self, forKey: key))
    }

    /// True when the body says something about permissions or projects.
    var changesScope: Bool {
        permissions != nil || !projectLimit.isAbsent || organisationPermissions != nil || globalPermissions != nil
    }

    /// The permissions and projects the body gives, starting from `current` (nil on create); nil when it gives none.
    func scope(current: User?) throws(APIError) -> Access? {
        let mailstreamForm = permissions != nil || !projectLimit.isAbsent
        let clientForm = organisationPermissions != nil || globalPermissions != nil
        if mailstreamForm, clientForm {
            throw APIError(.badRequest, "give permissions (with project_limit), or the client's "
                + "organisation_permissions and global_permissions, not both", field: "user")
        }
        if mailstreamForm {
            let chosen = try permissions.map { names throws(APIError) in
                try Self.permissions(names, field: "user.permissions")
            } ?? current?.permissions ?? []
            var projects = current?.projects
            switch projectLimit {
            case .absent: break
            case .null: projects = nil
            case .value(let names): projects = try Self.projects(names, field: "user.project_limit")
            }
            return Access(permissions: chosen, projects: projects)
        }
        guard clientForm else { return nil }
        return try clientScope(current: current)
    }

    /// The client's form: each project of `organisation_permissions` with the same permissions (the user is limited
    /// to those projects), or `global_permissions` alone (the user's global part: `tokens-admin` on every project).
    private func clientScope(current: User?) throws(APIError) -> Access {
        let global = try Self.permissions(globalPermissions ?? [], field: "user.global_permissions")
        let map = organisationPermissions ?? [:]
        guard !map.isEmpty else {
            guard let current else { return Access(permissions: global, projects: nil) }
            if organisationPermissions != nil {
                // An empty map takes every project permission away; the global part stays unless replaced.
                let kept = globalPermissions == nil ? UserView.global(current) : global
                return Access(permissions: kept, projects: current.isUnscoped ? nil : current.projects)
            }
            guard current.isUnscoped else {
                if global.isEmpty { return Access(current) }
                throw APIError(.badRequest, "global permissions are for a user without a project limit; set "
                    + "project_limit to null first", field: "user.global_permissions")
            }
            let projectPart = current.permissions.filter { !UserView.global(current).contains($0) }
            return Access(permissions: projectPart + global, projects: nil)
        }
        guard global.isEmpty else {
            throw APIError(.badRequest, "global permissions are for a user without a project limit: leave "
                + "organisation_permissions out, or use permissions and project_limit",
                field: "user.global_permissions")
        }
        let projects = try Self.projects(map.keys.sorted(), field: "user.organisation_permissions")
        var common: Set<Permission>?
        for project in projects {
            let field = "user.organisation_permissions.\(project)"
            let here = Set(try Self.permissions(map[project] ?? [], field: field))
            if let common, common != here {
                throw APIError(.badRequest, "Mailstream gives a user the same permissions on each of its projects; "
                    + "this project's differ from the others'", field: field)
            }
            common = here
        }
        return Access(permissions: Array(common ?? []), projects: projects)
    }

    static func permissions(_ names: [String], field: String) throws(APIError) -> [Permission] {
        var result: [Permission] = []
        for (index, name) in names.enumerated() {
            guard let permission = Permission(rawValue: name) else {
                let shown = name.unicodeScalars.count > 40 ? String(name.unicodeScalars.prefix(40)) + "…" : name
                throw APIError(.badRequest, "unknown permission \"\(shown)\"; known: "
                    + Permission.allCases.map(\.rawValue).joined(separator: ", "), field: "\(field)[\(index)]")
            }
            if !result.contains(permission) { result.append(permission) }
        }
        return result
    }

    static func projects(_ names: [String], field: String) throws(APIError) -> [String] {
        do {
            return try TokenRoutes.projects(names) ?? []
        } catch {
            throw APIError(error.status, error.message, field: error.field.map { $0.replacingOccurrences(
                of: "projects", with: field) } ?? field)
        }
    }
}
