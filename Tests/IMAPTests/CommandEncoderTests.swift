import Foundation
import Testing
@testable import IMAP

/// A command, the server's options, and the exact chunks to write; `|+` in `expected` marks a wait for `+`.
struct CommandFixture: CustomTestStringConvertible, Sendable {
    let name: String
    let command: IMAPCommand
    let options: CommandEncoder.Options
    let expected: String

    init(_ name: String, _ command: IMAPCommand, _ options: CommandEncoder.Options, _ expected: String) {
        self.name = name
        self.command = command
        self.options = options
        self.expected = expected
    }

    init(_ name: String, _ command: IMAPCommand, _ expected: String) {
        self.init(name, command, CommandEncoder.Options(), expected)
    }

    var testDescription: String { name }

    var expectedChunks: [OutboundChunk] {
        var parts = expected.components(separatedBy: "|+")
        let lastWaits = parts.count > 1 && parts.last == ""
        if lastWaits { parts.removeLast() }
        return parts.enumerated().map { index, part in
            OutboundChunk(Array(part.utf8), awaitsContinuation: index < parts.count - 1 || lastWaits)
        }
    }
}

private let literalPlus = CommandEncoder.Options(literals: .nonSynchronizing)
private let literalMinus = CommandEncoder.Options(literals: .nonSynchronizingUpTo4096)
private let saslIR = CommandEncoder.Options(saslInitialResponse: true)
private let utf8 = CommandEncoder.Options(utf8Accepted: true)
private let longPassword = String(repeating: "\u{e9}", count: 2100)  // 4200 bytes of UTF-8

let commandFixtures: [CommandFixture] = [
    CommandFixture("CAPABILITY", .capability, "A1 CAPABILITY\r\n"),
    CommandFixture("NOOP", .noop, "A1 NOOP\r\n"),
    CommandFixture("LOGOUT", .logout, "A1 LOGOUT\r\n"),
    CommandFixture("STARTTLS", .startTLS, "A1 STARTTLS\r\n"),
    CommandFixture("LOGIN quoted", .login(username: "alice", password: "s3cret pass"),
        "A1 LOGIN \"alice\" \"s3cret pass\"\r\n"),
    CommandFixture("LOGIN empty password", .login(username: "alice", password: ""), "A1 LOGIN \"alice\" \"\"\r\n"),
    CommandFixture("LOGIN password with quote uses synchronizing literal",
        .login(username: "alice", password: "pa\"ss\\"), "A1 LOGIN \"alice\" {6}\r\n|+pa\"ss\\\r\n"),
    CommandFixture("LOGIN 8-bit password with LITERAL+", .login(username: "alice", password: "pässwörd"), literalPlus,
        "A1 LOGIN \"alice\" {10+}\r\npässwörd\r\n"),
    CommandFixture("LOGIN CRLF in both, synchronizing", .login(username: "a\r\nb", password: "x\ny"),
        "A1 LOGIN {4}\r\n|+a\r\nb {3}\r\n|+x\ny\r\n"),
    CommandFixture("LOGIN LITERAL- small literal is non-synchronizing",
        .login(username: "alice", password: "ü"), literalMinus, "A1 LOGIN \"alice\" {2+}\r\nü\r\n"),
    CommandFixture("LOGIN LITERAL- over 4096 bytes synchronizes",
        .login(username: "alice", password: longPassword), literalMinus,
        "A1 LOGIN \"alice\" {4200}\r\n|+" + longPassword + "\r\n"),
    CommandFixture("LOGIN UTF-8 quoted after UTF8=ACCEPT", .login(username: "jörg", password: "x"), utf8,
        "A1 LOGIN \"jörg\" \"x\"\r\n"),
    CommandFixture("AUTHENTICATE PLAIN with SASL-IR", .authenticatePlain(username: "alice", password: "pass"), saslIR,
        "A1 AUTHENTICATE PLAIN AGFsaWNlAHBhc3M=\r\n"),
    CommandFixture("AUTHENTICATE PLAIN without SASL-IR", .authenticatePlain(username: "alice", password: "pass"),
        "A1 AUTHENTICATE PLAIN\r\n|+AGFsaWNlAHBhc3M=\r\n"),
    CommandFixture("AUTHENTICATE PLAIN with authorization identity",
        .authenticatePlain(username: "alice", password: "pass", authorizationIdentity: "bob"), saslIR,
        "A1 AUTHENTICATE PLAIN Ym9iAGFsaWNlAHBhc3M=\r\n"),
    // Google's documented example (developers.google.com/gmail/imap/xoauth2-protocol).
    CommandFixture("AUTHENTICATE XOAUTH2",
        .authenticateXOAUTH2(
            user: "someuser@example.com", accessToken: "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg"),
        saslIR, "A1 AUTHENTICATE XOAUTH2 dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRj"
            + "Mk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==\r\n"),
    CommandFixture("ENABLE", .enable([.qResync, .condStore, .utf8Accept]),
        "A1 ENABLE QRESYNC CONDSTORE UTF8=ACCEPT\r\n"),
    CommandFixture("ID", .id([IDParameter("name", "mailstream"), IDParameter("version", nil)]),
        "A1 ID (\"name\" \"mailstream\" \"version\" NIL)\r\n"),
    CommandFixture("ID NIL", .id(nil), "A1 ID NIL\r\n"),
    CommandFixture("LIST RETURN SPECIAL-USE", .list(returnSpecialUse: true),
        "A1 LIST \"\" \"*\" RETURN (SPECIAL-USE)\r\n"),
    CommandFixture("plain LIST", .list(reference: "", pattern: "%"), "A1 LIST \"\" \"%\"\r\n"),
    CommandFixture("LIST RETURN STATUS", .list(returnStatus: [.messages, .uidNext]),
        "A1 LIST \"\" \"*\" RETURN (STATUS (MESSAGES UIDNEXT))\r\n"),
    CommandFixture("LIST RETURN SPECIAL-USE and STATUS",
        .list(returnSpecialUse: true, returnStatus: [.messages, .uidNext, .uidValidity, .highestModSeq]),
        "A1 LIST \"\" \"*\" RETURN (SPECIAL-USE STATUS (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ))\r\n"),
    CommandFixture("SELECT INBOX", .select(.inbox), "A1 SELECT \"INBOX\"\r\n"),
    CommandFixture("SELECT lowercase inbox is INBOX", .select("inbox"), "A1 SELECT \"INBOX\"\r\n"),
    CommandFixture("SELECT CONDSTORE", .select(.inbox, SelectOptions(condStore: true)),
        "A1 SELECT \"INBOX\" (CONDSTORE)\r\n"),
    CommandFixture("SELECT QRESYNC",
        .select(.inbox, SelectOptions(qResync: QResyncParameters(uidValidity: 67_890_007,
            modSeq: 90_060_115_194_045_000, knownUIDs: UIDSet("41:211,214:541")))),
        "A1 SELECT \"INBOX\" (QRESYNC (67890007 90060115194045000 41:211,214:541))\r\n"),
    CommandFixture("EXAMINE modified UTF-7 name", .examine("Entwürfe"), "A1 EXAMINE \"Entw&APw-rfe\"\r\n"),
    CommandFixture("SELECT UTF-8 name after UTF8=ACCEPT", .select("Entwürfe"), utf8, "A1 SELECT \"Entwürfe\"\r\n"),
    CommandFixture("SELECT undecodable name is sent back as received",
        .select(MailboxName(wireBytes: Array("R&D".utf8), utf8Accepted: false)), "A1 SELECT \"R&D\"\r\n"),
    CommandFixture("SELECT name with a quote becomes a literal", .select("a\"b"), literalPlus,
        "A1 SELECT {3+}\r\na\"b\r\n"),
    CommandFixture("UID FETCH incremental",
        .uidFetch(.from(43), [.uid, .flags, .rfc822Size, .internalDate,
            .body(section: "HEADER.FIELDS (MESSAGE-ID DATE)", peek: true)]),
        "A1 UID FETCH 43:* (UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID DATE)])\r\n"),
    CommandFixture("UID FETCH whole message", .uidFetch(UIDSet("42,44:45") ?? [], [.uid, .wholeMessage]),
        "A1 UID FETCH 42,44:45 (UID BODY.PEEK[])\r\n"),
    CommandFixture("UID FETCH CHANGEDSINCE", .uidFetch(.all, [.flags], changedSince: 12345),
        "A1 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)\r\n"),
    CommandFixture("UID FETCH CHANGEDSINCE VANISHED",
        .uidFetch(.all, [.flags, .modSeq], changedSince: 12345, vanished: true),
        "A1 UID FETCH 1:* (FLAGS MODSEQ) (CHANGEDSINCE 12345 VANISHED)\r\n"),
    CommandFixture("UID SEARCH ALL", .uidSearch([.all]), "A1 UID SEARCH ALL\r\n"),
    CommandFixture("UID SEARCH UID range", .uidSearch([.uids(UIDSet("1:100") ?? [])]), "A1 UID SEARCH UID 1:100\r\n"),
    CommandFixture("UID SEARCH SINCE",
        .uidSearch([.since(SearchDate(year: 1994, month: 2, day: 1) ?? SearchDate(Date()))]),
        "A1 UID SEARCH SINCE 1-Feb-1994\r\n"),
    CommandFixture("UID SEARCH RETURN", .uidSearch([.all], returning: [.all, .count]),
        "A1 UID SEARCH RETURN (ALL COUNT) ALL\r\n"),
    CommandFixture("UID SEARCH SEEN", .uidSearch([.seen]), "A1 UID SEARCH SEEN\r\n"),
    CommandFixture("UID SEARCH RETURN (ALL) UNSEEN", .uidSearch([.unseen], returning: [.all]),
        "A1 UID SEARCH RETURN (ALL) UNSEEN\r\n"),
    CommandFixture("STATUS", .status(.inbox, [.messages, .uidNext, .uidValidity, .highestModSeq]),
        "A1 STATUS \"INBOX\" (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ)\r\n"),
    CommandFixture("IDLE waits for +", .idle, "A1 IDLE\r\n|+"),
    CommandFixture("UID MOVE", .uidMove(UIDSet("42:45") ?? [], to: "Archive"), "A1 UID MOVE 42:45 \"Archive\"\r\n"),
    CommandFixture("UID COPY", .uidCopy(UIDSet("7") ?? [], to: "[Gmail]/All Mail"),
        "A1 UID COPY 7 \"[Gmail]/All Mail\"\r\n"),
    CommandFixture("UID STORE", .uidStore(UIDSet("3:4") ?? [], .add, [.deleted]),
        "A1 UID STORE 3:4 +FLAGS.SILENT (\\Deleted)\r\n"),
    CommandFixture("UID EXPUNGE", .uidExpunge(UIDSet("3:4") ?? []), "A1 UID EXPUNGE 3:4\r\n"),
    CommandFixture("CLOSE", .close, "A1 CLOSE\r\n"),
    CommandFixture("UNSELECT", .unselect, "A1 UNSELECT\r\n"),
    CommandFixture("CREATE and DELETE", .create("台北"), "A1 CREATE \"&U,BTFw-\"\r\n"),
    CommandFixture("APPEND synchronizing",
        .append("Sent", flags: [.seen], internalDate: utcDate(1996, 7, 17, 9, 44, 25), message: Array("Hi\r\n".utf8)),
        "A1 APPEND \"Sent\" (\\Seen) \"17-Jul-1996 09:44:25 +0000\" {4}\r\n|+Hi\r\n\r\n"),
    CommandFixture("APPEND with LITERAL+", .append(.inbox, message: Array("x".utf8)), literalPlus,
        "A1 APPEND \"INBOX\" {1+}\r\nx\r\n"),
]

@Suite struct CommandEncoderTests {
    @Test(arguments: commandFixtures)
    func encodesExactBytes(_ fixture: CommandFixture) {
        let chunks = CommandEncoder(options: fixture.options).encode(fixture.command, tag: "A1")
        #expect(chunks == fixture.expectedChunks)
    }

    @Test func optionsFollowCapabilities() {
        let gmail: Set<Capability> = [.imap4rev1, .literalMinus, .saslIR, .utf8Accept]
        #expect(CommandEncoder.Options(capabilities: gmail)
            == CommandEncoder.Options(literals: .nonSynchronizingUpTo4096, saslInitialResponse: true))
        #expect(CommandEncoder.Options(capabilities: gmail, enabled: [.utf8Accept]).utf8Accepted)
        #expect(CommandEncoder.Options(capabilities: [.literalPlus, .literalMinus]).literals == .nonSynchronizing)
        #expect(CommandEncoder.Options(capabilities: [.imap4rev1]).literals == .synchronizing)
    }

    @Test func printingACommandHidesCredentials() {
        let command = IMAPCommand.login(username: "alice", password: "hunter2")
        #expect("\(command)" == "LOGIN")
        #expect(String(reflecting: command) == "LOGIN")
        #expect("\(OutboundChunk(Array("A1 LOGIN a b\r\n".utf8)))" == "[14 bytes]")
    }

    @Test func idleDoneIsUntagged() {
        #expect(CommandEncoder.idleDone == OutboundChunk(Array("DONE\r\n".utf8)))
    }
}
