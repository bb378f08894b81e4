import Domain
import Foundation
import Testing

/// Stream comment filter: decoding, each matching rule both ways, validation and round trips.
@Suite struct CommentFilterTests {
    static let sampleJSON = """
        {"user_properties": {"string:Folder": {"one_of": ["Inbox"], "not_one_of": ["Spam"],
                                               "domain_not_one_of": ["blocked.com"]},
                             "number:Messages": {"minimum": 1, "maximum": 10}},
         "timestamp": {"minimum": "2024-01-01T00:00:00Z", "maximum": "2025-01-01T00:00:00.250Z"},
         "sources": ["src-1", "src-2"],
         "messages": {"from": {"one_of": ["Boss@Example.com"]}, "to": {"not_one_of": ["x@y.com"]},
                      "cc": {"domain_not_one_of": ["evil.com"]}, "bcc": {}}}
        """

    static let jan2024 = Date(timeIntervalSince1970: 1_704_067_200)
    static let jan2025 = Date(timeIntervalSince1970: 1_735_689_600)

    static func decode(_ json: String) throws -> CommentFilter {
        try JSONDecoder().decode(CommentFilter.self, from: Data(json.utf8))
    }

    static func comment(
        timestamp: Date = Date(timeIntervalSince1970: 1_720_000_000),
        properties: [String: Domain.Comment.PropertyValue] = [:],
        messages: [CommentMessage] = [CommentMessage(body: .init("hi"))]
    ) -> Domain.Comment {
        Domain.Comment(id: "c1", timestamp: timestamp, messages: messages, userProperties: properties)
    }

    static func matches(_ filter: CommentFilter, _ comment: Domain.Comment = comment(), source: String = "src-1")
        -> Bool {
        filter.matches(comment, sourceID: source)
    }

    static func validationError(_ filter: CommentFilter) -> CommentFilterError? {
        do {
            try filter.validate()
            return nil
        } catch {
            return error
        }
    }

    // MARK: Decoding and encoding

    @Test func decodesTheFullShape() throws {
        let filter = try Self.decode(Self.sampleJSON)
        let folder = CommentFilter.PropertyFilter(oneOf: ["Inbox"], notOneOf: ["Spam"], domainNotOneOf: ["blocked.com"])
        #expect(filter.userProperties?["string:Folder"] == folder)
        #expect(filter.userProperties?["number:Messages"] == CommentFilter.PropertyFilter(minimum: 1, maximum: 10))
        #expect(filter.timestamp?.minimum == Self.jan2024)
        #expect(filter.timestamp?.maximum == Self.jan2025.addingTimeInterval(0.25))
        #expect(filter.sources == ["src-1", "src-2"])
        #expect(filter.messages?.from == CommentFilter.PropertyFilter(oneOf: ["Boss@Example.com"]))
        #expect(filter.messages?.to == CommentFilter.PropertyFilter(notOneOf: ["x@y.com"]))
        #expect(filter.messages?.cc == CommentFilter.PropertyFilter(domainNotOneOf: ["evil.com"]))
        #expect(filter.messages?.bcc == CommentFilter.PropertyFilter())
        #expect(throws: Never.self) { try filter.validate() }
    }

    @Test func timestampsIgnoreTheDecodersDateStrategy() throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let json = #"{"timestamp": {"minimum": "2024-01-01T00:00:00.5Z"}}"#
        let filter = try decoder.decode(CommentFilter.self, from: Data(json.utf8))
        #expect(filter.timestamp?.minimum == Self.jan2024.addingTimeInterval(0.5))
    }

    @Test(arguments: [#"{"timestamp": {"minimum": "yesterday"}}"#, #"{"timestamp": {"maximum": 1704067200}}"#])
    func rejectsATimestampThatIsNotISO8601(json: String) {
        #expect(throws: DecodingError.self) { try Self.decode(json) }
    }

    @Test func encodesSnakeCaseKeysAndUTCTimestamps() throws {
        let filter = CommentFilter(
            userProperties: ["string:Folder": .init(oneOf: ["Inbox"], domainNotOneOf: ["a.com"])],
            timestamp: .init(minimum: Self.jan2024)
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(filter), as: UTF8.self)
        #expect(json == #"{"timestamp":{"minimum":"2024-01-01T00:00:00Z"},"#
            + #""user_properties":{"string:Folder":{"domain_not_one_of":["a.com"],"one_of":["Inbox"]}}}"#)
        #expect(String(decoding: try encoder.encode(CommentFilter()), as: UTF8.self) == "{}")
    }

    @Test func roundTripsThroughJSON() throws {
        let filter = try Self.decode(Self.sampleJSON)
        let again = try Self.decode(String(decoding: try JSONCoding.encoder().encode(filter), as: UTF8.self))
        #expect(again == filter)
        let half = CommentFilter(timestamp: .init(maximum: Self.jan2025.addingTimeInterval(0.5)))
        #expect(try JSONDecoder().decode(CommentFilter.self, from: JSONEncoder().encode(half)) == half)
    }

    // MARK: Matching

    @Test func emptyFilterMatchesEverything() throws {
        let filter = try Self.decode("{}")
        #expect(filter == CommentFilter())
        #expect(Self.matches(filter, Self.comment(messages: []), source: "anything"))
        #expect(Self.matches(filter, Self.comment(properties: ["number:N": .number(3)])))
        #expect(throws: Never.self) { try filter.validate() }
    }

    @Test func sourcesRestrictToListedIDsUnlessEmpty() {
        #expect(Self.matches(CommentFilter(sources: ["src-1", "src-2"]), source: "src-2"))
        #expect(!Self.matches(CommentFilter(sources: ["src-1"]), source: "src-3"))
        #expect(Self.matches(CommentFilter(sources: []), source: "src-3"))
    }

    @Test func timestampBoundsAreInclusive() {
        let filter = CommentFilter(timestamp: .init(minimum: Self.jan2024, maximum: Self.jan2025))
        #expect(Self.matches(filter, Self.comment(timestamp: Self.jan2024)))
        #expect(Self.matches(filter, Self.comment(timestamp: Self.jan2025)))
        #expect(!Self.matches(filter, Self.comment(timestamp: Self.jan2024.addingTimeInterval(-1))))
        #expect(!Self.matches(filter, Self.comment(timestamp: Self.jan2025.addingTimeInterval(0.001))))
        #expect(Self.matches(CommentFilter(timestamp: .init(maximum: Self.jan2024)),
                             Self.comment(timestamp: .distantPast)))
    }

    @Test func oneOfNeedsAnExactStringValue() {
        let filter = CommentFilter(userProperties: ["string:Folder": .init(oneOf: ["Inbox", "Sent"])])
        #expect(Self.matches(filter, Self.comment(properties: ["string:Folder": .string("Sent")])))
        #expect(!Self.matches(filter, Self.comment(properties: ["string:Folder": .string("inbox")])))
        #expect(!Self.matches(filter, Self.comment(properties: ["string:Other": .string("Inbox")])))
        let empty = CommentFilter(userProperties: ["string:Folder": .init(oneOf: [])])
        #expect(Self.matches(empty, Self.comment()))
    }

    @Test func notOneOfPassesAMissingProperty() {
        let filter = CommentFilter(userProperties: ["string:Folder": .init(notOneOf: ["Spam"])])
        #expect(Self.matches(filter, Self.comment(properties: ["string:Folder": .string("Inbox")])))
        #expect(Self.matches(filter, Self.comment()))
        #expect(!Self.matches(filter, Self.comment(properties: ["string:Folder": .string("Spam")])))
    }

    @Test func domainNotOneOfComparesTheDomainCaseInsensitively() {
        let filter = CommentFilter(userProperties: ["string:Sender": .init(domainNotOneOf: ["Blocked.com"])])
        func sender(_ value: String) -> Domain.Comment { Self.comment(properties: ["string:Sender": .string(value)]) }
        #expect(!Self.matches(filter, sender("someone@BLOCKED.COM")))
        #expect(!Self.matches(filter, sender("blocked.com")))
        #expect(!Self.matches(filter, sender("Someone <a@blocked.com>")))
        #expect(!Self.matches(filter, sender("odd@name@blocked.com")))
        #expect(Self.matches(filter, sender("someone@blocked.com.example.org")))
        #expect(Self.matches(filter, sender("blocked.com@fine.org")))
        #expect(Self.matches(filter, Self.comment()))
    }

    @Test func minimumAndMaximumAreInclusiveOnNumbersOnly() {
        let filter = CommentFilter(userProperties: ["number:Messages": .init(minimum: 1, maximum: 10)])
        func messages(_ value: Domain.Comment.PropertyValue) -> Domain.Comment {
            Self.comment(properties: ["number:Messages": value])
        }
        #expect(Self.matches(filter, messages(.number(1))))
        #expect(Self.matches(filter, messages(.number(10))))
        #expect(!Self.matches(filter, messages(.number(0.5))))
        #expect(!Self.matches(filter, messages(.number(11))))
        #expect(!Self.matches(filter, messages(.string("5"))))
        #expect(!Self.matches(filter, Self.comment()))
    }

    @Test func everyUserPropertyFilterMustHold() {
        let filter = CommentFilter(userProperties: [
            "string:Folder": .init(oneOf: ["Inbox"]), "number:Messages": .init(minimum: 2),
        ])
        let both: [String: Domain.Comment.PropertyValue] = ["string:Folder": .string("Inbox"),
                                                            "number:Messages": .number(2)]
        #expect(Self.matches(filter, Self.comment(properties: both)))
        #expect(!Self.matches(filter, Self.comment(properties: ["string:Folder": .string("Inbox"),
                                                                "number:Messages": .number(1)])))
        #expect(!Self.matches(filter, Self.comment(properties: ["string:Folder": .string("Sent"),
                                                                "number:Messages": .number(2)])))
    }

    // MARK: Participants

    static func message(from: String? = nil, to: [String] = [], cc: [String] = [], bcc: [String] = [])
        -> CommentMessage {
        CommentMessage(from: from, to: to, cc: cc, bcc: bcc, body: .init("hi"))
    }

    @Test func fromOneOfComparesBareAddressesCaseInsensitively() {
        let filter = CommentFilter(messages: .init(from: .init(oneOf: ["Boss <BOSS@example.com>"])))
        #expect(Self.matches(filter, Self.comment(messages: [Self.message(from: "The Boss <boss@Example.COM>")])))
        #expect(Self.matches(filter, Self.comment(messages: [Self.message(from: " boss@example.com ")])))
        #expect(!Self.matches(filter, Self.comment(messages: [Self.message(from: "Boss <other@example.com>")])))
        #expect(!Self.matches(filter, Self.comment(messages: [Self.message()])))
        #expect(!Self.matches(filter, Self.comment(messages: [])))
    }

    @Test func fromNotOneOfPassesAMissingSender() {
        let filter = CommentFilter(messages: .init(from: .init(notOneOf: ["spam@x.com"])))
        #expect(Self.matches(filter, Self.comment(messages: [Self.message()])))
        #expect(Self.matches(filter, Self.comment(messages: [Self.message(from: "ok@x.com")])))
        #expect(!Self.matches(filter, Self.comment(messages: [Self.message(from: "Spam <SPAM@x.com>")])))
    }

    @Test func toOneOfHoldsWhenAnyAddressIsListed() {
        let filter = CommentFilter(messages: .init(to: .init(oneOf: ["team@x.com"])))
        #expect(Self.matches(filter, Self.comment(messages: [Self.message(to: ["a@x.com", "Team <TEAM@x.com>"])])))
        #expect(!Self.matches(filter, Self.comment(messages: [Self.message(to: ["a@x.com", "b@x.com"])])))
        #expect(!Self.matches(filter, Self.comment(messages: [Self.message()])))
    }

    @Test func ccNotOneOfHoldsWhenNoAddressIsListed() {
        let filter = CommentFilter(messages: .init(cc: .init(notOneOf: ["audit@x.com"])))
        #expect(Self.matches(filter, Self.comment(messages: [Self.message(cc: ["a@x.com"])])))
        #expect(Self.matches(filter, Self.comment(messages: [Self.message()])))
        #expect(!Self.matches(filter, Self.comment(messages: [Self.message(cc: ["a@x.com", "Audit@X.com"])])))
    }

    @Test func bccDomainNotOneOfHoldsWhenNoAddressHasAListedDomain() {
        let filter = CommentFilter(messages: .init(bcc: .init(domainNotOneOf: ["EVIL.com"])))
        #expect(Self.matches(filter, Self.comment(messages: [Self.message(bcc: ["a@good.com", "b@evil.com.au"])])))
        #expect(!Self.matches(filter, Self.comment(messages: [Self.message(bcc: ["a@good.com", "Eve <e@Evil.COM>"])])))
    }

    @Test func aParticipantFilterHoldsWhenAnyMessageSatisfiesIt() {
        let filter = CommentFilter(messages: .init(from: .init(notOneOf: ["spam@x.com"]),
                                                   to: .init(oneOf: ["team@x.com"])))
        let spamThenTeam = [Self.message(from: "spam@x.com", to: ["team@x.com"]), Self.message(from: "ok@x.com")]
        #expect(Self.matches(filter, Self.comment(messages: spamThenTeam)))
        let noTeam = [Self.message(from: "spam@x.com", to: ["a@x.com"]), Self.message(from: "ok@x.com")]
        #expect(!Self.matches(filter, Self.comment(messages: noTeam)))
        let allSpam = [Self.message(from: "spam@x.com", to: ["team@x.com"])]
        #expect(!Self.matches(filter, Self.comment(messages: allSpam)))
    }

    @Test func partsCombineWithAnd() throws {
        let filter = try Self.decode(Self.sampleJSON)
        let properties: [String: Domain.Comment.PropertyValue] = ["string:Folder": .string("Inbox"),
                                                                  "number:Messages": .number(3)]
        let good = Self.comment(properties: properties, messages: [Self.message(from: "boss@example.com",
                                                                                to: ["me@example.com"],
                                                                                cc: ["c@fine.com"])])
        #expect(Self.matches(filter, good))
        #expect(!Self.matches(filter, good, source: "src-9"))
        var late = good
        late.timestamp = Self.jan2025.addingTimeInterval(1)
        #expect(!Self.matches(filter, late))
        var evilCC = good
        evilCC.messages[0].cc.append("x@evil.com")
        #expect(!Self.matches(filter, evilCC))
    }

    // MARK: Validation

    struct InvalidCase: Sendable, CustomTestStringConvertible {
        var json: String
        var field: String
        var code: CommentFilterError.Code
        var testDescription: String { field }
    }

    static let invalidCases: [InvalidCase] = [
        InvalidCase(json: #"{"user_properties": {"Folder": {"one_of": ["Inbox"]}}}"#,
                    field: "comment_filter.user_properties.Folder", code: .invalidPropertyKey),
        InvalidCase(json: #"{"user_properties": {"string:Folder": {"maximum": 3}}}"#,
                    field: "comment_filter.user_properties.string:Folder.maximum", code: .boundOnText),
        InvalidCase(json: #"{"user_properties": {"number:Messages": {"one_of": ["1"]}}}"#,
                    field: "comment_filter.user_properties.number:Messages.one_of", code: .listOnNumberProperty),
        InvalidCase(json: #"{"user_properties": {"number:Messages": {"domain_not_one_of": []}}}"#,
                    field: "comment_filter.user_properties.number:Messages.domain_not_one_of",
                    code: .listOnNumberProperty),
        InvalidCase(json: #"{"user_properties": {"number:Messages": {"minimum": 5, "maximum": 4}}}"#,
                    field: "comment_filter.user_properties.number:Messages.minimum", code: .minimumAboveMaximum),
        InvalidCase(json: #"{"timestamp": {"minimum": "2025-01-01T00:00:00Z", "maximum": "2024-01-01T00:00:00Z"}}"#,
                    field: "comment_filter.timestamp.minimum", code: .minimumAboveMaximum),
        InvalidCase(json: #"{"messages": {"cc": {"minimum": 1}}}"#,
                    field: "comment_filter.messages.cc.minimum", code: .boundOnText),
        InvalidCase(json: #"{"user_properties": {"number:A": {"minimum": 2}, "string:B": {"minimum": 1}}}"#,
                    field: "comment_filter.user_properties.string:B.minimum", code: .boundOnText),
    ]

    @Test(arguments: invalidCases)
    func validationNamesTheBadField(_ invalid: InvalidCase) throws {
        let error = try #require(Self.validationError(try Self.decode(invalid.json)))
        #expect(error.field == invalid.field)
        #expect(error.code == invalid.code)
        #expect(!error.message.isEmpty)
        #expect(error.description.contains(invalid.field))
    }

    @Test func validationAcceptsWellTypedFilters() throws {
        let filter = CommentFilter(
            userProperties: ["string:Folder": .init(oneOf: ["Inbox"], notOneOf: [], domainNotOneOf: ["a.com"]),
                             "number:Messages": .init(minimum: 3, maximum: 3)],
            timestamp: .init(minimum: Self.jan2024, maximum: Self.jan2024),
            messages: .init(from: .init(oneOf: ["a@b.com"]), bcc: .init(domainNotOneOf: ["c.com"]))
        )
        #expect(Self.validationError(filter) == nil)
    }
}
