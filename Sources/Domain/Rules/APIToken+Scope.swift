/// Who may see, create and revoke which tokens: a token reaches another when every project the other is limited
/// to is one of its own; an unscoped token (no project list) reaches all, and only an unscoped token reaches
/// another unscoped one. So a token limited to projects can neither mint a token beyond them nor list, see or
/// revoke tokens outside them (the administrator's included).
extension APIToken {
    /// True when the token is limited to no project.
    public var isUnscoped: Bool { projects == nil }

    /// True when the token may act on objects of every project `other` is limited to (see the type's rule).
    public func reaches(projects others: [String]?) -> Bool {
        guard let projects else { return true }
        guard let others else { return false }
        return others.allSatisfy(projects.contains)
    }

    /// True when the token may list, see and revoke `other`.
    public func reaches(_ other: APIToken) -> Bool { reaches(projects: other.projects) }

    /// True for an unscoped token holding `tokens-admin`: the administrator of global settings (quotas,
    /// unscoped tokens). The store keeps at least one of them.
    public var isAdministrator: Bool { isUnscoped && permissions.contains(.tokensAdmin) }

    /// Why this token may not create a token with `permissions` limited to `projects`; nil when it may.
    public func grantProblem(permissions wanted: [Permission], projects projectList: [String]?) -> String? {
        if let missing = wanted.first(where: { !permissions.contains($0) }) {
            return "this token cannot grant \(missing.rawValue), which it lacks"
        }
        guard reaches(projects: projectList) else {
            guard let projects else { return nil }
            return projectList == nil
                ? "this token is limited to projects \(projects.joined(separator: ", ")); a token it creates must "
                    + "name projects among them"
                : "this token cannot grant access to projects outside \(projects.joined(separator: ", "))"
        }
        return nil
    }
}
