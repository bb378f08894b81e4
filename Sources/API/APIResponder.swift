import Hummingbird
import HTTPTypes

/// Builds the API's responder: the router, behind the one path rewrite done before routing (`owner%2Fname`, see
/// ``PathDecoding``) and the lookup that turns a request whose path exists with other methods into a 405 with
/// `Allow` (the router alone answers 404 for both).
public struct APIResponderBuilder: HTTPResponderBuilder {
    let router: Router<APIContext>

    public init(router: Router<APIContext>) { self.router = router }

    public func buildResponder() -> APIResponder {
        APIResponder(router: router.buildResponder(),
                     routes: RouteTable(router.routes.map { ($0.method, $0.path.description) }))
    }
}

public struct APIResponder: HTTPResponder {
    public typealias Context = APIContext
    let router: RouterResponder<APIContext>
    let routes: RouteTable

    public func respond(to request: Request, context: APIContext) async throws -> Response {
        var request = request
        var path = request.uri.path
        if let split = PathDecoding.splittingOwnerName(path) {
            path = split
            var head = request.head
            head.path = split + (request.uri.query.map { "?\($0)" } ?? "")
            request = Request(head: head, body: request.body)
        }
        var context = context
        let methods = routes.methods(for: path)
        if !methods.isEmpty, !methods.contains(request.method) { context.allowedMethods = methods }
        return try await router.respond(to: request, context: context)
    }
}

/// The routes' path templates (`/api/v1/sources/{owner}/{name}`), to tell which methods a path has.
struct RouteTable: Sendable {
    private let templates: [(method: HTTPRequest.Method, segments: [Substring])]

    init(_ routes: [(HTTPRequest.Method, String)]) {
        templates = routes.map { ($0.0, $0.1.split(separator: "/", omittingEmptySubsequences: false)) }
    }

    /// Every method some route serves for `path`, in a fixed order. As the router does, a literal segment wins
    /// over a parameter at the same place: `/notifications/subscriptions` has the methods of that route, not also
    /// those of `/notifications/{id}`.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let matching = templates.filter { Self.matches($0.segments, segments) }
        guard let best = matching.map({ Self.literals($0.segments) }).max(by: Self.lessSpecific) else { return [] }
        var found: [HTTPRequest.Method] = []
        for template in matching where Self.literals(template.segments) == best && !found.contains(template.method) {
            found.append(template.method)
        }
        return found.sorted { $0.rawValue < $1.rawValue }
    }

    /// Which segments of a template are literal.
    private static func literals(_ template: [Substring]) -> [Bool] {
        template.map { !($0.first == "{" || $0 == "*" || $0 == "**") }
    }

    /// True when `lhs` has a parameter at the first place where the two differ.
    private static func lessSpecific(_ lhs: [Bool], _ rhs: [Bool]) -> Bool {
        for (left, right) in zip(lhs, rhs) where left != right { return !left }
        return lhs.count < rhs.count
    }

    private static func matches(_ template: [Substring], _ segments: [Substring]) -> Bool {
        for (index, part) in template.enumerated() {
            if part == "**" { return segments.count > index }
            guard index < segments.count else { return false }
            if part.first == "{" || part == "*" {
                if segments[index].isEmpty { return false }
            } else if part != segments[index] {
                return false
            }
        }
        return template.count == segments.count
    }
}
