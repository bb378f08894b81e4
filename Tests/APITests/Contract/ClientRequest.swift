import Foundation
import Hummingbird
import Testing

/// Requests as the official client builds them (reinfer/cli `api/src/lib.rs`): each path segment pushed with the
/// `url` crate's `path_segments_mut().push()`, so `owner/name` travels as `owner%2Fname` and `id:<id>` as is;
/// queries written by `serde_urlencoded` in the query struct's field order; bodies as its `serde` structs
/// serialize (fields in declaration order, `skip_serializing_if` ones left out).
enum ClientRequest {
    /// `construct_endpoint(base, segments)`.
    static func path(_ segments: String...) -> String { path(segments) }

    static func path(_ segments: [String]) -> String {
        "/" + segments.map(encodeSegment).joined(separator: "/")
    }

    /// The `url` crate's encode set for a pushed segment of an `http(s)` URL: C0 controls, space, `"`, `#`, `<`,
    /// `>`, `?`, `` ` ``, `{`, `}`, `/`, `%`, `\` and every non-ASCII byte become `%XX`; `:`, `@`, `!`, `$`, `&`,
    /// `'`, `(`, `)`, `*`, `+`, `,`, `;`, `=`, `[`, `]`, `^`, `|`, `~` stay.
    static func encodeSegment(_ segment: String) -> String {
        let escaped: Set<UInt8> = Set(" \"#<>?`{}/%\\".utf8)
        var result = ""
        for byte in segment.utf8 {
            if byte < 0x20 || byte >= 0x7F || escaped.contains(byte) {
                result += String(format: "%%%02X", byte)
            } else {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return result
    }

    /// `serde_urlencoded` (`form_urlencoded::byte_serialize`): letters, digits and `*-._` stay, space is `+`,
    /// every other byte `%XX`.
    static func query(_ pairs: [(String, String)]) -> String {
        func encode(_ text: String) -> String {
            var result = ""
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                     UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."),
                     UInt8(ascii: "_"):
                    result.unicodeScalars.append(Unicode.Scalar(byte))
                case UInt8(ascii: " "): result += "+"
                default: result += String(format: "%%%02X", byte)
                }
            }
            return result
        }
        return pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }
}

/// The harness client, sending what the official client sends and checking each answer against the type the
/// client reads it into.
struct ContractClient {
    let client: APIHarness.Client

    /// Sends a request and returns the answer's JSON once `shape` (inside `Response<T>`) accepts it; records an
    /// issue naming the call for each field the client could not read, and for a status other than `expected`.
    @discardableResult
    func send(_ method: HTTPRequest.Method, _ uri: String, body: String? = nil, expecting shape: ClientShape,
              status expected: HTTPResponse.Status = .ok, token: String?? = .none,
              sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        let answer = try await client.call(method, uri, raw: body.map { Array($0.utf8) }, token: token)
        #expect(answer.status == expected, "\(method) \(uri) answered \(answer.status.code) \(answer.message)",
                sourceLocation: sourceLocation)
        let json = try JSONSerialization.jsonObject(with: Data(answer.bytes))
        let errors = shape.envelopeErrors(in: json)
        #expect(errors.isEmpty,
                "\(method) \(uri): the client can't read the answer:\n\(errors.joined(separator: "\n"))",
                sourceLocation: sourceLocation)
        return json as? [String: Any] ?? [:]
    }

    /// An error answer as the client reads it: `{"status": "error", "message": …}` with a 4xx status.
    @discardableResult
    func refused(_ method: HTTPRequest.Method, _ uri: String, body: String? = nil, status: HTTPResponse.Status,
                 token: String?? = .none, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let answer = try await client.call(method, uri, raw: body.map { Array($0.utf8) }, token: token)
        #expect(answer.status == status, "\(method) \(uri) answered \(answer.status.code) \(answer.message)",
                sourceLocation: sourceLocation)
        #expect(answer.json["status"] as? String == "error", sourceLocation: sourceLocation)
        return answer.message
    }
}

/// Reads a nested value of an answer: `value(json, "source", "id")`, `value(json, "comments", 0, "id")`.
func value(_ json: Any, _ path: any Sendable...) -> Any? {
    var current: Any? = json
    for step in path {
        switch step {
        case let key as String: current = (current as? [String: Any])?[key]
        case let index as Int:
            guard let array = current as? [Any], array.indices.contains(index) else { return nil }
            current = array[index]
        default: return nil
        }
    }
    return current
}
