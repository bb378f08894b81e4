import Domain
import Hummingbird
import Logging
import NIOCore

/// The request context of every API route: the caller (a user, through a token or a session) once `AuthMiddleware`
/// has checked it.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Nil only on the routes that need no authentication (`/healthz`, `/metrics`, `/api/openapi.json`, sign-in).
    public var caller: Caller?
    /// Set when the path exists but not with the request's method: the 404 the router gives becomes a 405 with
    /// these in `Allow`.
    public var allowedMethods: [HTTPRequest.Method] = []
    /// The connection, to tell whether the client is still there when the answer is ready.
    let channel: any Channel
    /// This request's share of the server's body budget, set by `ResponseMiddleware` when the server has one.
    var bodyReservation: BodyReservation?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Comment syncs may carry 16,384 comments of up to 65,536 characters each.
    public var maxUploadSize: Int { 64 * 1_024 * 1_024 }

    /// Throws 403 unless the caller holds `permission` for `project` (any project when nil).
    public func require(_ permission: Permission, project: String? = nil) throws(APIError) {
        guard let caller else { throw APIError.unauthorized }
        guard caller.access.allows(permission, project: project) else {
            throw APIError(.forbidden, "\(caller.subject) lacks the \(permission.rawValue) permission"
                + (project.map { " on project \($0)" } ?? ""))
        }
    }

    /// As ``require(_:project:)`` for an object the request named by its id alone: when the caller is limited to
    /// projects that do not include `project`, the object is answered as missing (`missing`), exactly as an
    /// unknown id is, so a project-limited token cannot learn that an id exists in another project. A caller that
    /// reaches the project but lacks `permission` gets the 403 naming it.
    public func require(_ permission: Permission, project: String, orAnswer missing: APIError) throws(APIError) {
        guard let caller else { throw APIError.unauthorized }
        if let projects = caller.access.projects, !projects.contains(project) { throw missing }
        try require(permission, project: project)
    }

    /// True when the caller may see objects of `project` with `permission`: lists show only those.
    public func may(_ permission: Permission, project: String) -> Bool {
        caller?.access.allows(permission, project: project) ?? false
    }

    /// The caller; 401 without one.
    public func authenticatedCaller() throws(APIError) -> Caller {
        guard let caller else { throw APIError.unauthorized }
        return caller
    }

    /// Throws 403 unless the caller holds `permission` on every project: global settings (quotas, tokens without a
    /// project limit, users) are for an unscoped caller only.
    public func requireUnscoped(_ permission: Permission) throws(APIError) {
        try require(permission)
        guard let caller, caller.access.isUnscoped else {
            throw APIError(.forbidden, "\(caller?.subject ?? "this token") is limited to projects; only a token or "
                + "user without a project limit may change global settings")
        }
    }

    /// A path parameter, percent-decoded (RFC 3986 §2.1): `id%3Aabc` is `id:abc`, `a%40b.c` is `a@b.c`.
    func parameter(_ name: String) throws(APIError) -> String {
        guard let raw = parameters.get(name) else { throw APIError(.badRequest, "missing path parameter \(name)") }
        guard let value = PathDecoding.decode(raw) else {
            throw APIError(.badRequest, "is not valid percent-encoded UTF-8", field: name)
        }
        return value
    }
}
