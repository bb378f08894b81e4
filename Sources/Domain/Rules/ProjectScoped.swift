/// Who may see, create and change which tokens and users: permissions, each held on a list of projects or on every
/// project. One holder reaches another when every project the other is limited to is one of its own; an unscoped
/// holder (no project list) reaches all, and only an unscoped holder reaches another unscoped one. So a token or
/// user limited to projects can neither grant anything beyond them nor list, see or change tokens and users outside
/// them (the administrator's included). Tokens, users and a request's effective access follow the same rules.
public protocol ProjectScoped {
    /// Sorted, without repeats.
    var permissions: [Permission] { get }
    /// The projects (owners) the holder is limited to; nil means every project.
    var projects: [String]? { get }
}

extension ProjectScoped {
    /// True when the holder is limited to no project.
    public var isUnscoped: Bool { projects == nil }

    /// True when the holder holds `permission` for objects of `project` (any project when nil).
    public func allows(_ permission: Permission, project: String? = nil) -> Bool {
        guard permissions.contains(permission) else { return false }
        guard let project, let projects else { return true }
        return projects.contains(project)
    }

    /// True when the holder may act on objects of every project `others` names (see the protocol's rule).
    public func reaches(projects others: [String]?) -> Bool {
        guard let projects else { return true }
        guard let others else { return false }
        return others.allSatisfy(projects.contains)
    }

    /// True when the holder may list, see and change `other`.
    public func reaches(_ other: some ProjectScoped) -> Bool { reaches(projects: other.projects) }

    /// True for an unscoped holder of `tokens-admin`: the administrator of global settings (quotas, unscoped
    /// tokens, users). The store keeps at least one such user and one such token.
    public var isAdministrator: Bool { isUnscoped && permissions.contains(.tokensAdmin) }

    /// True when `other` holds every permission of this one on every project of this one.
    public func isWithin(_ other: some ProjectScoped) -> Bool {
        permissions.allSatisfy(other.permissions.contains) && other.reaches(projects: projects)
    }

    /// Why this holder may not grant `permissions` limited to `projects` (to a token or a user); nil when it may.
    /// `subject` names the holder in the message ("this token", "user ann").
    public func grantProblem(permissions wanted: [Permission], projects projectList: [String]?,
                             subject: String = "this token") -> String? {
        if let missing = wanted.first(where: { !permissions.contains($0) }) {
            return "\(subject) cannot grant \(missing.rawValue), which it lacks"
        }
        guard reaches(projects: projectList) else {
            guard let projects else { return nil }
            return projectList == nil
                ? "\(subject) is limited to projects \(projects.joined(separator: ", ")); what it grants must "
                    + "name projects among them"
                : "\(subject) cannot grant access to projects outside \(projects.joined(separator: ", "))"
        }
        return nil
    }
}

/// What a request may do: the permissions and projects of its token and of the token's user, both (a token never
/// carries more than its user holds, even after the user lost some), or of the user of a session.
public struct Access: ProjectScoped, Sendable, Equatable {
    public var permissions: [Permission]
    public var projects: [String]?

    public init(permissions: [Permission], projects: [String]?) {
        self.permissions = Array(Set(permissions)).sorted()
        self.projects = projects
    }

    public init(_ holder: some ProjectScoped) {
        self.init(permissions: holder.permissions, projects: holder.projects)
    }

    /// What both `self` and `other` allow: the common permissions on the common projects.
    public func intersection(_ other: some ProjectScoped) -> Access {
        let common: [String]? = switch (projects, other.projects) {
        case (nil, nil): nil
        case (let mine?, nil): mine
        case (nil, let theirs?): theirs
        case (let mine?, let theirs?): mine.filter(theirs.contains)
        }
        return Access(permissions: permissions.filter(other.permissions.contains), projects: common)
    }
}
