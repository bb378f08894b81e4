import Foundation
import Testing

/// The contract checker applies serde's rules, and fails where the client would: so a passing contract test means
/// the client reads the answer.
@Suite struct ClientShapeTests {
    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)
    }

    static let source = #"{"id":"9c1e","owner":"ops","name":"mail","title":"","description":"","language":"en","#
        + #""should_translate":false,"created_at":"2025-01-02T08:06:00Z","updated_at":"2025-01-02T08:06:00Z","#
        + #""_kind":"unknown","extra":[1]}"#

    @Test func aSourceAsMailstreamAnswersItReads() throws {
        #expect(ClientTypes.source.errors(in: try Self.json(Self.source)).isEmpty)
    }

    /// Each case breaks one rule; the checker names the field.
    @Test func aBrokenSourceIsNamed() throws {
        let cases = [
            ("should_translate", #""should_translate":false,"#, ""),
            ("_kind", #""_kind":"unknown","#, #""_kind":null,"#),
            ("created_at", #""created_at":"2025-01-02T08:06:00Z""#, #""created_at":"2025-01-02""#),
            ("bucket_id", #""_kind":"unknown""#, #""_kind":"unknown","bucket_id":7"#),
        ]
        for (field, original, replacement) in cases {
            let broken = Self.source.replacingOccurrences(of: original, with: replacement)
            #expect(broken != Self.source)
            let errors = ClientTypes.source.errors(in: try Self.json(broken))
            #expect(errors.count == 1, "\(field): \(errors)")
            #expect(errors.first?.hasPrefix("$.\(field):") == true, "\(errors)")
        }
    }

    @Test func optionsTakeNullButDefaultsDoNot() throws {
        let shape = ClientShape.object(["a": .optional(.string), "b": .defaulted(.array(.string))])
        #expect(shape.errors(in: try Self.json(#"{"a":null}"#)).isEmpty)
        #expect(shape.errors(in: try Self.json(#"{}"#)).isEmpty)
        #expect(shape.errors(in: try Self.json(#"{"b":null}"#)) == ["$.b: expected an array, got null"])
    }

    @Test func unitAnswersTakeNothingButTheStatus() throws {
        #expect(ClientShape.empty.envelopeErrors(in: try Self.json(#"{"status":"ok"}"#)).isEmpty)
        #expect(!ClientShape.empty.envelopeErrors(in: try Self.json(#"{"status":"ok","quotas":[]}"#)).isEmpty)
        #expect(!ClientTypes.emptySuccess.envelopeErrors(in: try Self.json(#"{"status":"error"}"#)).isEmpty)
    }

    @Test func enumsAndIntegersAreStrict() throws {
        let quota = #"{"hard_limit":5,"quota_kind":"mailboxes","current_max_usage":1}"#
        #expect(ClientTypes.quota.errors(in: try Self.json(quota)).count == 1)
        let negative = #"{"hard_limit":-1,"quota_kind":"comments","current_max_usage":1.5}"#
        #expect(ClientTypes.quota.errors(in: try Self.json(negative)).count == 2)
        #expect(!ClientShape.propertyMap.errors(in: try Self.json(#"{"Folder":"INBOX"}"#)).isEmpty)
        #expect(ClientShape.propertyMap.errors(in: try Self.json(#"{"string:Folder":"INBOX","number:N":2}"#)).isEmpty)
    }

    /// Names travel as the client's `url` crate writes them.
    @Test func pathsAndQueriesAreEncodedAsTheClientEncodesThem() {
        #expect(ClientRequest.path("api", "v1", "sources", "ops/mail", "sync") == "/api/v1/sources/ops%2Fmail/sync")
        #expect(ClientRequest.path("api", "v1", "sources", "id:9c1e") == "/api/v1/sources/id:9c1e")
        #expect(ClientRequest.encodeSegment("a b%?é") == "a%20b%25%3F%C3%A9")
        #expect(ClientRequest.query([("from_timestamp", "2025-01-06T10:00:00Z"), ("q", "a b")])
            == "from_timestamp=2025-01-06T10%3A00%3A00Z&q=a+b")
    }
}
