import Foundation
import Testing

@testable import EWSSimulator

@Suite("FindItem: Restriction, SortOrder, paging")
struct FindItemQueryTests {
    static let day: TimeInterval = 86_400
    static let start = Date(timeIntervalSince1970: 1_772_445_600)  // 2026-03-02T10:00:00Z

    /// Five messages a day apart: subjects Alpha…Echo, from carol except the last two from dave, the first two read.
    static func fill(_ simulator: EWSSimulator) throws {
        for (index, subject) in ["Alpha report", "Bravo", "Charlie report", "Delta", "Echo"].enumerated() {
            let from = index < 3 ? "Carol <carol@example.com>" : "Dave <dave@example.com>"
            let mime = "From: \(from)\r\nTo: alice@contoso.com\r\nSubject: \(subject)\r\nMessage-ID: <f\(index)@x>\r\n"
                + "MIME-Version: 1.0\r\n\r\nBody\r\n"
            try simulator.addMessage(Array(mime.utf8), mailbox: Fixture.alice,
                                     received: start + Double(index) * day, isRead: index < 2)
        }
    }

    func find(_ soap: SOAPExchange, _ restriction: String = "", sort: String = "",
              view: String = #"<m:IndexedPageItemView MaxEntriesReturned="100" Offset="0" BasePoint="Beginning"/>"#)
        async throws -> (subjects: [String], root: XMLNode?, code: String)
    {
        let answer = try await soap.send("FindItem", #"Traversal="Shallow""#, """
            <m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>
            <t:FieldURI FieldURI="item:Subject"/></t:AdditionalProperties></m:ItemShape>\(view)
            \(restriction.isEmpty ? "" : "<m:Restriction>\(restriction)</m:Restriction>")
            \(sort.isEmpty ? "" : "<m:SortOrder>\(sort)</m:SortOrder>")
            <m:ParentFolderIds><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderIds>
            """)
        let root = answer.messages.first?.child("RootFolder")
        let subjects = root?.child("Items")?.children.map { $0.child("Subject")?.text ?? "" } ?? []
        return (subjects, root, answer.codes.first ?? "")
    }

    static func compare(_ op: String, _ field: String, _ value: String) -> String {
        #"<t:\#(op)><t:FieldURI FieldURI="\#(field)"/><t:FieldURIOrConstant><t:Constant Value="\#(value)"/>"#
            + "</t:FieldURIOrConstant></t:\(op)>"
    }

    @Test func restrictionsSelectBySubjectDateReadFlagAndSender() async throws {
        try await Fixture.withSimulator { simulator, port in
            try Self.fill(simulator)
            try await TestHTTPConnection.with(port: port) { connection in
                let soap = SOAPExchange(connection: connection)
                let actual1 = try await find(soap, Self.compare("IsEqualTo", "item:Subject", "bravo")).subjects
                #expect(actual1 == ["Bravo"])
                let actual2 = try await find(soap, Self.compare("IsNotEqualTo", "item:Subject", "Bravo")).subjects.count
                #expect(actual2 == 4)
                let contains = #"<t:Contains ContainmentMode="Substring" ContainmentComparison="IgnoreCase">"#
                    + #"<t:FieldURI FieldURI="item:Subject"/><t:Constant Value="REPORT"/></t:Contains>"#
                let actual3 = try await find(soap, contains).subjects
                #expect(actual3 == ["Charlie report", "Alpha report"])
                let exact = #"<t:Contains ContainmentMode="Prefixed" ContainmentComparison="Exact">"#
                    + #"<t:FieldURI FieldURI="item:Subject"/><t:Constant Value="alpha"/></t:Contains>"#
                let actual4 = try await find(soap, exact).subjects
                #expect(actual4 == [])
                let after = ItemWriter.dateTime(Self.start + 2 * Self.day)
                let actual5 = try await find(soap, Self.compare("IsGreaterThan", "item:DateTimeReceived", after)).subjects
                #expect(actual5 == ["Echo", "Delta"])
                let actual6 = try await find(soap, Self.compare("IsGreaterThanOrEqualTo", "item:DateTimeReceived", after)) .subjects
                #expect(actual6 == ["Echo", "Delta", "Charlie report"])
                let actual7 = try await find(soap, Self.compare("IsLessThan", "item:DateTimeReceived", after)).subjects
                #expect(actual7 == ["Bravo", "Alpha report"])
                let actual8 = try await find(soap, Self.compare("IsLessThanOrEqualTo", "item:DateTimeReceived", after)) .subjects.count
                #expect(actual8 == 3)
                let actual9 = try await find(soap, Self.compare("IsEqualTo", "message:IsRead", "false")).subjects
                #expect(actual9 == ["Echo", "Delta", "Charlie report"])
                let actual10 = try await find(soap, Self.compare("IsEqualTo", "message:From", "DAVE@example.com")).subjects
                #expect(actual10 == ["Echo", "Delta"])
                let unreadFromCarol = "<t:And>" + Self.compare("IsEqualTo", "message:IsRead", "false")
                    + Self.compare("IsEqualTo", "message:From", "carol@example.com") + "</t:And>"
                let actual11 = try await find(soap, unreadFromCarol).subjects
                #expect(actual11 == ["Charlie report"])
                let either = "<t:Or>" + Self.compare("IsEqualTo", "item:Subject", "Bravo")
                    + Self.compare("IsEqualTo", "item:Subject", "Echo") + "</t:Or>"
                let actual12 = try await find(soap, either).subjects
                #expect(actual12 == ["Echo", "Bravo"])
                let actual13 = try await find(soap, "<t:Not>\(either)</t:Not>").subjects
                #expect(actual13 == ["Delta", "Charlie report", "Alpha report"])
            }
        }
    }

    @Test func sortOrderAndIndexedPaging() async throws {
        try await Fixture.withSimulator { simulator, port in
            try Self.fill(simulator)
            try await TestHTTPConnection.with(port: port) { connection in
                let soap = SOAPExchange(connection: connection)
                let bySubject = #"<t:FieldOrder Order="Ascending"><t:FieldURI FieldURI="item:Subject"/></t:FieldOrder>"#
                let actual14 = try await find(soap, sort: bySubject).subjects
                #expect(actual14 == ["Alpha report", "Bravo", "Charlie report", "Delta", "Echo"])
                let oldest = #"<t:FieldOrder Order="Ascending"><t:FieldURI FieldURI="item:DateTimeReceived"/>"#
                    + "</t:FieldOrder>"
                let actual15 = try await find(soap, sort: oldest).subjects.first
                #expect(actual15 == "Alpha report")
                let newest = oldest.replacingOccurrences(of: "Ascending", with: "Descending")
                let page = try await find(soap, sort: newest, view:
                    #"<m:IndexedPageItemView MaxEntriesReturned="2" Offset="2" BasePoint="Beginning"/>"#)
                #expect(page.subjects == ["Charlie report", "Bravo"])
                #expect(page.root?.attribute("IndexedPagingOffset") == "4")
                #expect(page.root?.attribute("TotalItemsInView") == "5")
                #expect(page.root?.attribute("IncludesLastItemInRange") == "false")
                let last = try await find(soap, sort: newest, view:
                    #"<m:IndexedPageItemView MaxEntriesReturned="2" Offset="4" BasePoint="Beginning"/>"#)
                #expect(last.subjects == ["Alpha report"])
                #expect(last.root?.attribute("IncludesLastItemInRange") == "true")
                let restricted = try await find(
                    soap, Self.compare("IsEqualTo", "message:IsRead", "false"), sort: bySubject,
                    view: #"<m:IndexedPageItemView MaxEntriesReturned="1" Offset="1" BasePoint="Beginning"/>"#)
                #expect(restricted.subjects == ["Delta"])
                #expect(restricted.root?.attribute("TotalItemsInView") == "3")
            }
        }
    }

    @Test func aFieldTheSimulatorCannotQueryIsRefusedNotIgnored() async throws {
        try await Fixture.withSimulator { simulator, port in
            try Self.fill(simulator)
            try await TestHTTPConnection.with(port: port) { connection in
                let soap = SOAPExchange(connection: connection)
                let result = try await find(soap, Self.compare("IsEqualTo", "item:Sensitivity", "Normal"))
                #expect(result.code == "ErrorUnsupportedPathForQuery")
                let notADate = try await find(soap, Self.compare("IsGreaterThan", "item:DateTimeReceived", "soon"))
                #expect(notADate.code == "NoError")
                #expect(notADate.subjects.isEmpty)
            }
        }
    }
}
