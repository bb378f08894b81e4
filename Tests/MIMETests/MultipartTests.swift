import Testing
@testable import MIME

/// RFC 2046 §5.1 multipart bodies, and RFC 2046 §5.2.1 embedded messages.
@Suite struct MultipartTests {
    @Test func splitsPartsAndDropsPreambleAndEpilogue() {
        let message = parse(
            "Content-Type: multipart/mixed; boundary=\"b1\"", "",
            "preamble", "--b1", "Content-Type: text/plain", "", "first", "--b1  ",
            "Content-Type: text/html", "", "<p>second</p>", "", "--b1--", "epilogue"
        )
        #expect(message.root.children.count == 2)
        #expect(String(decoding: message.root.children[0].body, as: UTF8.self) == "first")
        // The line break before a delimiter belongs to the delimiter; the empty line before it is content.
        #expect(String(decoding: message.root.children[1].body, as: UTF8.self) == "<p>second</p>\r\n")
        #expect(message.root.children[1].contentType.mimeType == "text/html")
        #expect(message.warnings.isEmpty)
    }

    @Test func nestedMultipartWithSimilarBoundaries() {
        let message = parse(
            "Content-Type: multipart/mixed; boundary=outer", "",
            "--outer", "Content-Type: multipart/alternative; boundary=outer-inner", "",
            "--outer-inner", "", "plain", "--outer-inner", "Content-Type: text/html", "", "html", "--outer-inner--",
            "--outer", "Content-Type: application/pdf; name=a.pdf", "Content-Transfer-Encoding: base64", "",
            "JVBERi0=", "--outer--"
        )
        #expect(message.root.children.count == 2)
        #expect(message.root.children[0].children.count == 2)
        #expect(message.root.children[1].filename == "a.pdf")
        #expect(message.root.children[1].decodedBody() == Array("%PDF-".utf8))
        #expect(message.root.children[0].children[1].path == [0, 1])
    }

    @Test func missingCloseDelimiterKeepsTheLastPart() {
        let message = parse("Content-Type: multipart/mixed; boundary=x", "", "--x", "", "one", "--x", "", "two")
        #expect(message.root.children.count == 2)
        #expect(String(decoding: message.root.children[1].body, as: UTF8.self) == "two")
        #expect(message.warnings.contains { $0.kind == .missingCloseBoundary })
    }

    @Test func missingBoundaryParameterIsALeaf() {
        let message = parse("Content-Type: multipart/mixed", "", "text")
        #expect(message.root.children.isEmpty)
        #expect(message.warnings.contains { $0.kind == .multipartWithoutBoundary })
    }

    @Test func boundaryNeverFoundIsALeaf() {
        let message = parse("Content-Type: multipart/mixed; boundary=zz", "", "--other", "text")
        #expect(message.root.children.isEmpty)
        #expect(message.warnings.contains { $0.kind == .missingStartBoundary })
    }

    @Test func digestPartsDefaultToEmbeddedMessages() {
        let message = parse(
            "Content-Type: multipart/digest; boundary=d", "",
            "--d", "", "Subject: inner one", "", "body one", "--d", "", "Subject: inner two", "", "body two", "--d--"
        )
        #expect(message.root.children.count == 2)
        #expect(message.root.children[0].contentType.mimeType == "message/rfc822")
        #expect(message.root.children[1].children.first?.headers["subject"] == "inner two")
    }

    @Test func embeddedMessageEvenWhenBase64Encoded() {
        let inner = "Subject: inside\r\n\r\nhello"
        let encoded = Base64Encoding.encode(Array(inner.utf8))
        let message = parse(
            "Content-Type: multipart/mixed; boundary=m", "",
            "--m", "", "outer body", "--m", "Content-Type: message/rfc822", "Content-Transfer-Encoding: base64", "",
            encoded, "--m--"
        )
        let embedded = message.root.children[1]
        #expect(embedded.children.first?.headers["subject"] == "inside")
        #expect(embedded.children.first.map { String(decoding: $0.body, as: UTF8.self) } == "hello")
    }

    @Test func nestingDepthIsBounded() {
        var lines: [String] = []
        for level in 0..<100 {
            lines += ["Content-Type: multipart/mixed; boundary=b\(level)", "", "--b\(level)"]
        }
        lines.append("deep")
        let message = MIMEParser().parse(Array(lines.joined(separator: "\r\n").utf8))
        #expect(message.warnings.contains { $0.kind == .nestingTooDeep })
        var depth = 0
        var part = message.root
        while let child = part.children.first {
            depth += 1
            part = child
        }
        #expect(depth == MIMEParser().maximumDepth)
    }
}

/// A minimal base64 encoder for building fixtures.
enum Base64Encoding {
    static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var output = ""
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = (UInt32(chunk[0]) << 16) | (UInt32(chunk.count > 1 ? chunk[1] : 0) << 8)
                | UInt32(chunk.count > 2 ? chunk[2] : 0)
            for position in 0..<4 {
                if position <= chunk.count {
                    output.append(alphabet[Int((value >> UInt32(18 - position * 6)) & 0x3F)])
                } else {
                    output.append("=")
                }
            }
            index += 3
        }
        return output
    }
}
