import Foundation
import Testing

@testable import EWS

@Suite("EWS faults and unreadable responses")
struct WireFaultTests {
    @Test("ErrorServerBusy as a fault, with its back-off")
    func serverBusyFault() throws {
        let response = try EWSResponseParser.parseSyncFolderItems(WireFixtures.faultServerBusy.wireBytes)
        let fault = try #require(response.fault)
        #expect(response.messages == nil)
        #expect(fault.faultCode == "a:ErrorServerBusy")
        #expect(fault.faultString == "The server cannot service this request right now. Try again later.")
        #expect(fault.responseCode == .errorServerBusy)
        #expect(fault.messageText == "The server cannot service this request right now. Try again later.")
        #expect(fault.backOffMilliseconds == 297_749)
        #expect(fault.disposition == .transient(backOffMilliseconds: 297_749))
    }

    @Test func schemaValidationFault() throws {
        let fault = try #require(try EWSResponseParser.parseGetItem(WireFixtures.faultSchemaValidation.wireBytes).fault)
        #expect(fault.responseCode == .errorSchemaValidation)
        #expect(fault.messageText == "The request failed schema validation.")
        #expect(fault.backOffMilliseconds == nil)
        #expect(fault.disposition == .integrationLevel)
    }

    @Test("a fault whose code is only in faultcode")
    func invalidServerVersionFault() throws {
        let fault = try #require(
            try EWSResponseParser.parseSyncFolderHierarchy(WireFixtures.faultInvalidServerVersion.wireBytes).fault
        )
        #expect(fault.responseCode == .errorInvalidServerVersion)
        #expect(fault.messageText == "The specified server version is invalid.")
        #expect(fault.disposition == .integrationLevel)
    }

    @Test func faultWithoutEWSCode() throws {
        let fault = try #require(try EWSResponseParser.parseGetFolder(WireFixtures.faultClient.wireBytes).fault)
        #expect(fault.faultCode == "soap:Client")
        #expect(fault.responseCode == nil)
        #expect(fault.disposition == .other)
    }

    @Test("every parser reads faults", arguments: [WireFixtures.faultServerBusy, WireFixtures.faultSchemaValidation])
    func everyParserReadsFaults(_ body: String) throws {
        #expect(try EWSResponseParser.parseSyncFolderHierarchy(body.wireBytes).fault != nil)
        #expect(try EWSResponseParser.parseSyncFolderItems(body.wireBytes).fault != nil)
        #expect(try EWSResponseParser.parseGetItem(body.wireBytes).fault != nil)
        #expect(try EWSResponseParser.parseGetFolder(body.wireBytes).fault != nil)
        #expect(try EWSResponseParser.parseFindFolder(body.wireBytes).fault != nil)
        #expect(try EWSResponseParser.parseGetAttachment(body.wireBytes).fault != nil)
    }

    static let malformed: [(String, EWSParseError)] = [
        ("", .malformedXML),
        ("not xml at all", .malformedXML),
        ("<?x?>", .malformedXML),
        (#"<?xml version="1.0"?><?pi?><s:Envelope xmlns:s="x"/>"#, .malformedXML),
        (WireFixtures.iisErrorPage, .notSOAP),
        (#"<s:Envelope xmlns:s="x"><s:Body><SyncFolderItemsResponse><br></s:Body>"#, .malformedXML),
        (String(WireFixtures.syncFolderItems.prefix(900)), .malformedXML),
        (WireFixtures.syncFolderItems.replacingOccurrences(of: "</t:Message>", with: "</t:Mesage>"), .malformedXML),
        (#"<s:Envelope xmlns:s="x"><s:Body>&#x1</s:Body></s:Envelope>"#, .malformedXML),
        ("<b>&#x1</b>", .notSOAP),
        ("<html><body>Service Unavailable</body></html>", .notSOAP),
        (#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"/>"#, .notSOAP),
        (
            #"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>"#,
            .unexpectedResponse
        ),
        (
            #"<!DOCTYPE s [<!ENTITY a "aaaa">]><s:Envelope xmlns:s="x"><s:Body>&a;</s:Body></s:Envelope>"#,
            .documentTypeDeclaration
        ),
        (
            WireFixtures.syncFolderItems.replacingOccurrences(of: #" ResponseClass="Success""#, with: ""),
            .missingElement
        ),
        (
            WireFixtures.syncFolderItems
                .replacingOccurrences(of: #"ResponseClass="Success""#, with: #"ResponseClass="Fine""#),
            .invalidValue
        ),
        (
            WireFixtures.syncFolderItems
                .replacingOccurrences(of: #"<t:ItemId Id="AAMkADBh1==" ChangeKey="CQAAABYAAAB1"/>"#, with: ""),
            .missingElement
        ),
    ]

    @Test("unreadable bodies give typed errors", arguments: malformed)
    func unreadable(_ body: String, _ expected: EWSParseError) {
        #expect(throws: expected) { try EWSResponseParser.parseSyncFolderItems(body.wireBytes) }
    }

    @Test func parseErrorsNeverShowServerText() {
        do {
            _ = try EWSResponseParser.parseGetItem(#"<s:Envelope xmlns:s="x"><s:Body>subject line</oops>"#.wireBytes)
            Issue.record("expected an error")
        } catch {
            #expect(!error.debugDescription.contains("subject"))
            #expect(error.description == "malformed EWS XML")
        }
    }
}
