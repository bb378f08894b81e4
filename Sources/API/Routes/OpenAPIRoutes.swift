import Foundation
import Hummingbird
import NIOCore

/// `GET /api/openapi.json`: the API's OpenAPI 3.1 document (Sources/API/openapi.json), without authentication.
struct OpenAPIRoutes {
    static let document: ByteBuffer? = Bundle.module.url(forResource: "openapi", withExtension: "json")
        .flatMap { try? Data(contentsOf: $0) }
        .map { ByteBuffer(bytes: $0) }

    func add(to router: Router<APIContext>) {
        router.get("api/openapi.json") { _, _ in
            guard let document = Self.document else { throw APIError(.internalServerError, "the OpenAPI document is missing") }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: document))
        }
    }
}
