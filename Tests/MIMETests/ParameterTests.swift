import Testing
@testable import MIME

/// Content-Type and Content-Disposition parameters: RFC 2045 §5.1, RFC 2231, and the malformed forms of real mail.
@Suite struct ParameterTests {
    static let filenameCases: [(header: String, expected: String)] = [
        ("attachment; filename=report.pdf", "report.pdf"),
        ("attachment; filename=\"quoted name.pdf\"", "quoted name.pdf"),
        ("attachment; filename=\"a \\\"b\\\".txt\"", "a \"b\".txt"),
        ("attachment; filename*=utf-8''%E2%82%AC%20rates.pdf", "€ rates.pdf"),
        ("attachment; filename*=iso-8859-1'de'Gr%FC%DFe.txt", "Grüße.txt"),
        ("attachment; filename*0*=utf-8''%E6%97%A5; filename*1*=%E6%9C%AC; filename*2=\".txt\"", "日本.txt"),
        // Continuations out of order are joined by index.
        ("attachment; filename*1=\"two\"; filename*0=\"one-\"", "one-two"),
        // RFC 2231 wins over the plain parameter.
        ("attachment; filename=\"fallback.txt\"; filename*=utf-8''real.txt", "real.txt"),
        // RFC 2047 inside a quoted value (Outlook, Gmail web).
        ("attachment; filename=\"=?UTF-8?B?0J/RgNC40LLQtdGCLnR4dA==?=\"", "Привет.txt"),
        // The whole 2231 value quoted (MailCore #822).
        ("attachment; filename*=\"koi8-r''%F0%D2%C9%D7%C5%D4.txt\"", "Привет.txt"),
        // An unquoted value with spaces, a missing closing quote, stray semicolons.
        ("attachment; filename=my file.doc", "my file.doc"),
        ("attachment; filename=\"unterminated.pdf", "unterminated.pdf"),
        ("attachment;; ; filename=x.txt;", "x.txt"),
        // An unescaped Windows path.
        ("attachment; filename=\"C:\\Temp\\x.txt\"", "C:\\Temp\\x.txt"),
    ]

    @Test(arguments: filenameCases.indices)
    func filename(_ index: Int) {
        let (header, expected) = Self.filenameCases[index]
        let disposition = ContentDisposition(headerValue: ArraySlice(header.utf8))
        #expect(disposition.isAttachment)
        #expect(disposition.filename == expected, "\(header)")
    }

    @Test func contentTypeBasics() throws {
        let type = try #require(ContentType(headerValue: ArraySlice("Text/HTML; Charset=\"UTF-8\"; format=flowed".utf8)))
        #expect(type.mimeType == "text/html")
        #expect(type.charset == "UTF-8")
        #expect(type.parameters["FORMAT"] == "flowed")
    }

    @Test func invalidContentTypeFallsBackToTextPlain() {
        let message = parse("Content-Type: text", "", "body")
        #expect(message.root.contentType.mimeType == "text/plain")
        #expect(message.warnings.contains { $0.kind == .invalidContentType })
    }

    @Test func conflictingParametersKeepTheFirst() throws {
        let type = try #require(ContentType(headerValue: ArraySlice("multipart/mixed; boundary=a; boundary=b".utf8)))
        #expect(type.boundary == "a")
        #expect(type.parameters.hasConflict)
    }

    @Test func nameFallsBackToContentTypeName() {
        let message = parse("Content-Type: application/pdf; name=\"=?utf-8?q?r=C3=A9sum=C3=A9.pdf?=\"", "", "x")
        #expect(message.root.filename == "résumé.pdf")
    }
}
