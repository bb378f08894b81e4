import Foundation
import Testing

@testable import EWS

@Suite("Response preprocessing: forbidden characters, UTF-8, markup checks, base64 extraction")
struct WirePreprocessorTests {
    func filtered(_ text: String) -> String {
        String(decoding: ResponsePreprocessor.run(text.wireBytes).data, as: UTF8.self)
    }

    static let cases: [(String, String)] = [
        ("<a>x&#x1;y</a>", "<a>xy</a>"),
        ("<a>x&#1;y</a>", "<a>xy</a>"),
        ("<a>&#x0;&#0;&#x8;&#xB;&#xC;&#xE;&#x1F;&#31;</a>", "<a></a>"),
        ("<a>&#x0001;&#X1;</a>", "<a>&#X1;</a>"),
        ("<a>&#xD800;&#xDFFF;&#xFFFE;&#xFFFF;&#x110000;&#99999999999999999999;</a>", "<a></a>"),
        ("<a>&#x9;&#xA;&#xD;&#x20;&#xD7FF;&#xE000;&#xFFFD;&#x10000;&#x10FFFF;&#233;</a>",
         "<a>&#x9;&#xA;&#xD;&#x20;&#xD7FF;&#xE000;&#xFFFD;&#x10000;&#x10FFFF;&#233;</a>"),
        ("<a b=\"&#x1;v\">&amp;&lt;&#;&#x;&#12</a>", "<a b=\"v\">&amp;&lt;&#;&#x;&#12</a>"),
        ("<a>\u{1}raw\u{7F}\t\r\n</a>", "<a>raw\u{7F}\t\r\n</a>"),
        ("<a><![CDATA[&#x1;]]>&#x1;</a>", "<a><![CDATA[&#x1;]]></a>"),
        ("<a>é&#x1;😀</a>", "<a>é😀</a>"),
        ("&#x1;", ""),
        ("&#x1", "&#x1"),
    ]

    static let utf8Cases: [([UInt8], [UInt8])] = [
        ([0x3C, 0xE3, 0x4D], [0x3C, 0xEF, 0xBF, 0xBD, 0x4D]),
        ([0x61, 0xFF, 0x62], [0x61, 0xEF, 0xBF, 0xBD, 0x62]),
        ([0xC0, 0xAF], [0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD]),
        ([0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD]),
        ([0xF0, 0x9F, 0x98], [0xEF, 0xBF, 0xBD]),
        ([0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80], [0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80]),
        ([0x61, 0xEF, 0xBF, 0xBE, 0xEF, 0xBF, 0xBF, 0xEF, 0xBF, 0xBD], [0x61, 0xEF, 0xBF, 0xBD]),
    ]

    @Test("byte sequences that are not UTF-8 become U+FFFD", arguments: utf8Cases)
    func utf8(_ input: [UInt8], _ expected: [UInt8]) {
        #expect(Array(ResponsePreprocessor.run(input).data) == expected)
    }

    @Test("a non-UTF-8 element name, which crashes FoundationXML's XMLParser, is a typed error or a value")
    func nonUTF8Name() {
        let body = WireFixtures.syncFolderItems.wireBytes
        var broken = body
        let position = body.firstIndex(of: UInt8(ascii: "<"))! + 1
        broken.insert(0xE3, at: position)
        #expect(throws: EWSParseError.self) { try EWSResponseParser.parseSyncFolderItems(Array("<\u{E3}Min".utf8)) }
        _ = try? EWSResponseParser.parseSyncFolderItems(broken)
        _ = try? EWSResponseParser.parseSyncFolderItems([0x3C, 0xE3, 0x4D, 0x69, 0x6E])
    }

    @Test("a non-UTF-8 byte in a subject no longer fails the GetItem batch")
    func nonUTF8Subject() throws {
        let body = WireFixtures.getItemBatch().replacingOccurrences(of: "Caf&#xE9;", with: "Caf\u{1}")
        var bytes = body.wireBytes
        let marker = bytes.firstIndex(of: 0x01)!
        bytes[marker] = 0xE9
        let messages = try EWSResponseParser.parseGetItem(bytes).requireMessages()
        #expect(messages.first?.item?.subject == "Caf\u{FFFD} menu")
    }

    @Test("references and raw bytes", arguments: cases)
    func filter(_ input: String, _ expected: String) {
        #expect(filtered(input) == expected)
    }

    @Test func cleanInputIsUntouched() {
        let body = WireFixtures.findFolder.wireBytes + WireFixtures.mimeMessage.filter { $0 >= 0x20 && $0 < 0x80 }
        let result = ResponsePreprocessor.run(body)
        #expect(result.removed == 0)
        #expect(Array(result.data) == body)
    }

    @Test("plain base64 content is decoded outside the parser")
    func blobExtraction() {
        let result = ResponsePreprocessor.run(
            (#"<a><t:MimeContent CharacterSet="UTF-8">QUJD\#r\#nRA==</t:MimeContent>"#
                + "<Content >AQ==</Content ></a>").wireBytes
        )
        #expect(String(decoding: result.data, as: UTF8.self) == #"""
            <a><t:MimeContent CharacterSet="UTF-8" ewsBlob="0"></t:MimeContent><Content  ewsBlob="1"></Content ></a>
            """#)
        #expect(result.blobs == [[0x41, 0x42, 0x43, 0x44], [0x01]])
        #expect(result.removed == 0)
    }

    static let notExtracted: [String] = [
        "<t:MimeContent/>",
        "<t:MimeContent a=\"&amp;\">QUJD</t:MimeContent>",
        "<t:MimeContent>QU<b/>JD</t:MimeContent>",
        "<t:MimeContent>QU*D</t:MimeContent>",
        "<t:MimeContent>QUJD</t:Mimecontent>",
        "<t:MimeContent>QUJD",
        "<t:ContentType>QUJD</t:ContentType>",
        "<t:Contents>QUJD</t:Contents>",
        "<t:MimeContent a='>'>QUJD&#65;</t:MimeContent>",
    ]

    @Test("content that is not plain base64 is left for the parser", arguments: notExtracted)
    func leftForTheParser(_ input: String) {
        let result = ResponsePreprocessor.run(input.wireBytes)
        #expect(result.blobs.isEmpty)
        #expect(String(decoding: result.data, as: UTF8.self) == input)
    }

    @Test func countsRemovals() {
        #expect(ResponsePreprocessor.run("<a>&#x1;\u{2}&#3;</a>".wireBytes).removed == 3)
    }

    @Test func doctypeIsDetectedOutsideCDATA() {
        #expect(ResponsePreprocessor.run("<!DOCTYPE a><a/>".wireBytes).hasDocumentTypeDeclaration)
        #expect(ResponsePreprocessor.run("<!DOC&#x1;TYPE a><a/>".wireBytes).hasDocumentTypeDeclaration)
        #expect(!ResponsePreprocessor.run("<a><![CDATA[<!DOCTYPE a>]]></a>".wireBytes).hasDocumentTypeDeclaration)
        #expect(!ResponsePreprocessor.run("<a><!-- <!DOCTYPE a> --></a>".wireBytes).hasDocumentTypeDeclaration)
    }

    static let instructions: [(String, Bool)] = [
        (#"<?xml version="1.0" encoding="utf-8"?><a/>"#, false),
        ("\u{FEFF}<?xml version=\"1.0\"?><a/>", false),
        ("<?xml?><a/>", true),
        ("<?xml-stylesheet href=\"a\"?><a/>", true),
        (#" <?xml version="1.0"?><a/>"#, true),
        ("<a><?pi data?></a>", true),
        ("<&#x1;?x?><a/>", true),
        ("<a><!-- <?x?> --><![CDATA[<?y?>]]></a>", false),
    ]

    @Test("processing instructions other than the leading declaration are found", arguments: instructions)
    func processingInstructions(_ input: String, _ expected: Bool) {
        #expect(ResponsePreprocessor.run(input.wireBytes).hasProcessingInstruction == expected)
    }

    @Test("a control-character reference in a display name no longer fails the sync page")
    func displayNameParses() throws {
        let body = WireFixtures.syncFolderHierarchy
        #expect(body.contains("Invoices&#x1; 2024&#1;"))
        let page = try #require(try EWSResponseParser.parseSyncFolderHierarchy(body.wireBytes).requireMessages().first)
        guard case .create(let folder) = page.changes[1] else { Issue.record("expected create"); return }
        #expect(folder.displayName == "Invoices 2024")
        #expect(folder.displayName?.unicodeScalars.contains { $0.value < 0x20 } == false)
    }

    @Test("a control-character reference in a subject no longer fails the GetItem batch")
    func subjectParses() throws {
        let messages = try EWSResponseParser.parseGetItem(WireFixtures.getItemBatch().wireBytes).requireMessages()
        #expect(messages.first?.item?.subject == "Café menu")
    }

    @Test("without the filter XMLParser refuses such a reference (the reason it exists)")
    func parserRefusesControlReferences() {
        #expect(WireXMLNode.parse("<a>&#x1;</a>".wireBytes) == nil)
        #expect(WireXMLNode.parse("<a>&#x9;</a>".wireBytes) != nil)
    }
}
