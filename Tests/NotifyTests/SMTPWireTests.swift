import ClientTLS
import Foundation
import SMTP
import Testing

@Suite struct SMTPWireTests {
    @Test func multiLineRepliesEndAtTheLineWithASpace() throws {
        var parser = SMTPReplyParser()
        try parser.append(Array("250-mail.example.com\r\n250-AUTH PLAIN LOGIN\r\n250 STARTTLS\r\n220 ".utf8))
        let reply = try #require(try parser.next())
        #expect(reply == SMTPReply(code: 250, lines: ["mail.example.com", "AUTH PLAIN LOGIN", "STARTTLS"]))
        #expect(try parser.next() == nil, "a line without its end is not a reply yet")
        try parser.append(Array("ready\r\n".utf8))
        #expect(try parser.next() == SMTPReply(code: 220, lines: ["ready"]))
    }

    @Test func repliesAreBounded() throws {
        var long = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.ParseError.self) {
            try long.append(Array(repeating: UInt8(ascii: "2"), count: SMTPReplyParser.maximumLineLength * 3))
        }
        var many = SMTPReplyParser()
        try many.append(Array(String(repeating: "250-x\r\n", count: SMTPReplyParser.maximumLines + 1).utf8))
        #expect(throws: SMTPReplyParser.ParseError.self) { _ = try many.next() }
        var changing = SMTPReplyParser()
        try changing.append(Array("250-a\r\n354 b\r\n".utf8))
        #expect(throws: SMTPReplyParser.ParseError.self) { _ = try changing.next() }
        var garbage = SMTPReplyParser()
        try garbage.append(Array("HTTP/1.1 400 Bad Request\r\n".utf8))
        #expect(throws: SMTPReplyParser.ParseError.self) { _ = try garbage.next() }
    }

    /// Random bytes never crash the parser, and what it returns keeps its bounds.
    @Test func randomBytesNeverCrashTheParser() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123452- \r\nabc".utf8)
        for _ in 0..<2_000 {
            var parser = SMTPReplyParser()
            let count = Int.random(in: 0..<300, using: &generator)
            let bytes = (0..<count).map { _ in
                Bool.random(using: &generator) ? alphabet.randomElement(using: &generator)!
                    : UInt8.random(in: 0...255, using: &generator)
            }
            do {
                try parser.append(bytes)
                while let reply = try parser.next() {
                    #expect((0...999).contains(reply.code))
                    #expect(reply.lines.count <= SMTPReplyParser.maximumLines)
                }
            } catch {}
        }
    }

    @Test func dataIsDotStuffedWithCRLFLineEnds() {
        let encoded = SMTPData.encode(Array("Subject: x\n\n.hidden\r\n..two\nlast".utf8))
        #expect(String(decoding: encoded, as: UTF8.self) == "Subject: x\r\n\r\n..hidden\r\n...two\r\nlast\r\n")
    }

    @Test func authPlainCarriesBothNamesAndIsSecret() {
        let command = SMTPCommand.authPlain(username: "ann", password: "pw")
        #expect(String(decoding: command.bytes, as: UTF8.self) == "AUTH PLAIN AGFubgBwdw==\r\n")
        #expect(command.isSecret)
        #expect(!SMTPCommand.isSafeAddress("a@b>\r\nRCPT TO:<c@d"))
        #expect(SMTPCommand.isSafeAddress("ann@example.com"))
    }

    @Test func securityNoneIsOnlyForTheLocalMachine() {
        #expect(SMTPSettings(host: "127.0.0.1", port: 25, security: .none).problem == nil)
        #expect(SMTPSettings(host: "localhost", port: 25, security: .none).problem == nil)
        #expect(SMTPSettings(host: "smtp.example.com", port: 25, security: .none).problem?.hasPrefix("security:")
            == true)
        #expect(SMTPSettings(host: "smtp.example.com", port: 587, security: .starttls, username: "a").problem?
            .hasPrefix("password:") == true)
    }
}
