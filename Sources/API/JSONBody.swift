import Domain
import Foundation
import Hummingbird
import NIOCore

/// JSON in and out, in the API's snake_case shapes, with ISO 8601 dates.
enum JSONBody {
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONCoding.encoder().encode(value)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `{"status":"ok", <key>: value}`.
    static func ok(_ key: String, _ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        try response(Envelope(fields: [key: AnyEncodable(value)]), status: status)
    }

    static func ok(_ fields: [String: any Encodable], status: HTTPResponse.Status = .ok) throws -> Response {
        try response(Envelope(fields: fields.mapValues(AnyEncodable.init)), status: status)
    }

    static func ok() throws -> Response { try response(Envelope(fields: [:])) }

    /// Reads the whole body (bounded by the context) and decodes it; an empty body decodes from `{}`.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: APIContext) async throws -> T {
        let bytes = try await body(of: request, context: context)
        do {
            return try JSONCoding.decoder().decode(T.self, from: bytes.isEmpty ? Data("{}".utf8) : Data(bytes))
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty,
               let field = JSONNumberScan.firstNonInteger(in: bytes) {
                throw APIError(.badRequest, "\(field): must be a whole number within range", field: field)
            }
            throw APIError(.badRequest, describe(error), field: field(error))
        }
    }

    /// The whole body, at most `maxUploadSize` bytes (413), held against the server's body budget (503 when it is
    /// spent): by its `Content-Length` before reading when it has one, else as it arrives. Collected straight into
    /// one array sized up front, so a body costs its size once rather than a doubling buffer plus a copy.
    static func body(of request: Request, context: APIContext) async throws -> [UInt8] {
        let limit = context.maxUploadSize
        let tooLarge = APIError(.contentTooLarge, "the request body is larger than \(BodyReservation.describe(limit))")
        let declared = request.headers[.contentLength].flatMap { Int($0) }
        if let declared {
            guard declared <= limit else { throw tooLarge }
            try context.bodyReservation?.reserve(declared)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(declared ?? 0)
        for try await chunk in request.body {
            guard chunk.readableBytes <= limit - bytes.count else { throw tooLarge }
            if declared == nil { try context.bodyReservation?.reserve(chunk.readableBytes) }
            bytes.append(contentsOf: chunk.readableBytesView)
        }
        // A connection closed under the body may end the sequence early rather than throw.
        if let declared, bytes.count < declared { throw ClientDisconnect.BodyCutShort() }
        return bytes
    }

    static func field(_ error: DecodingError) -> String? {
        let path: [any CodingKey]
        switch error {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        @unknown default: return nil
        }
        guard !path.isEmpty else { return nil }
        return path.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
            .trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    static func describe(_ error: DecodingError) -> String {
        let field = field(error).map { "\($0): " } ?? ""
        switch error {
        case .keyNotFound: return "\(field)is required"
        case .typeMismatch(let type, _): return "\(field)must be \(expected(type))"
        case .valueNotFound(let type, _): return "\(field)must be \(expected(type)), not null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "the body is not valid JSON" : "\(field)\(context.debugDescription)"
        @unknown default: return "invalid request body"
        }
    }

    private static func expected(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}

/// `{"status":"ok", …fields}`.
struct Envelope: Encodable {
    var fields: [String: AnyEncodable]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode("ok", forKey: Key("status"))
        for (key, value) in fields { try container.encode(value, forKey: Key(key)) }
    }
}

struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
