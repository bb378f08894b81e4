import Testing
@testable import IMAP

/// `{n}\r\n` followed by the content, with n counted in bytes.
func literal(_ content: String) -> String {
    "{\(content.utf8.count)}\r\n" + content
}

private func body(_ section: String, _ content: String) -> [IMAPResponseEvent] {
    let bytes = Array(content.utf8)
    return [.bodyStart(section: section, size: bytes.count)] + (bytes.isEmpty ? [] : [.bodyBytes(bytes)]) + [.bodyEnd]
}

private let header = "Message-ID: <a@example.org>\r\nDate: Mon, 6 Jan 2025 10:15:00 +0000\r\n\r\n"
private let message = header + "Hello )\r\n* 3 EXISTS\r\nA1 OK {3}\r\nnot a response\r\n"

/// FETCH responses: content streamed by byte count, attributes in any order, server extensions kept raw.
let fetchFixtures: [ResponseFixture] = [
    ResponseFixture(
        "UID, MODSEQ, FLAGS and BODY[]", "* 12 FETCH (UID 42 MODSEQ (7) FLAGS (\\Seen) BODY[] {5}\r\nhello)\r\n",
        [.fetchStart(sequenceNumber: 12), .fetchAttribute(.uid(42)), .fetchAttribute(.modSeq(7)),
            .fetchAttribute(.flags([.seen]))] + body("BODY[]", "hello") + [.fetchEnd]),
    ResponseFixture(
        "content that looks like responses is read by byte count",
        "* 1 FETCH (BODY[] " + literal(message) + " UID 9)\r\n* 2 EXISTS\r\n",
        [.fetchStart(sequenceNumber: 1)] + body("BODY[]", message)
            + [.fetchAttribute(.uid(9)), .fetchEnd, .untagged(.exists(2))]),
    ResponseFixture(
        "Cyrus order: content first, then FLAGS, UID, OBJECTID",
        "* 3 FETCH (BODY[] {2}\r\nhi FLAGS () UID 9 EMAILID (M6d99ac3275bb4e) THREADID (T64b478a75b7ea9))\r\n",
        [.fetchStart(sequenceNumber: 3)] + body("BODY[]", "hi")
            + [.fetchAttribute(.flags([])), .fetchAttribute(.uid(9)), .fetchAttribute(.emailID("M6d99ac3275bb4e")),
                .fetchAttribute(.threadID("T64b478a75b7ea9")), .fetchEnd]),
    ResponseFixture(
        "HEADER.FIELDS section then INTERNALDATE and size",
        "* 1 FETCH (UID 5 BODY[HEADER.FIELDS (MESSAGE-ID DATE)] " + literal(header)
            + " INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286)\r\n",
        [.fetchStart(sequenceNumber: 1), .fetchAttribute(.uid(5))]
            + body("BODY[HEADER.FIELDS (MESSAGE-ID DATE)]", header)
            + [.fetchAttribute(.internalDate(utcDate(1996, 7, 17, 9, 44, 25))), .fetchAttribute(.rfc822Size(4286)),
                .fetchEnd]),
    ResponseFixture(
        "two content sections in one response",
        "* 2 FETCH (BODY[HEADER] " + literal(header) + " BODY[TEXT] " + literal("text") + ")\r\n",
        [.fetchStart(sequenceNumber: 2)] + body("BODY[HEADER]", header) + body("BODY[TEXT]", "text") + [.fetchEnd]),
    ResponseFixture(
        "RFC822 and UID after it", "* 2 FETCH (RFC822 " + literal(message) + " UID 7)\r\n",
        [.fetchStart(sequenceNumber: 2)] + body("RFC822", message) + [.fetchAttribute(.uid(7)), .fetchEnd]),
    ResponseFixture(
        "BINARY[] literal8 with NUL bytes", "* 2 FETCH (UID 7 BINARY[] ~{4}\r\n\u{0}\u{1}\r\n)\r\n",
        [.fetchStart(sequenceNumber: 2), .fetchAttribute(.uid(7)), .bodyStart(section: "BINARY[]", size: 4),
            .bodyBytes([0, 1, 13, 10]), .bodyEnd, .fetchEnd]),
    ResponseFixture(
        "partial fetch with origin", "* 2 FETCH (BODY[]<0> {3}\r\nabc)\r\n",
        [.fetchStart(sequenceNumber: 2)] + body("BODY[]<0>", "abc") + [.fetchEnd]),
    ResponseFixture(
        "content as NIL and as quoted string",
        "* 4 FETCH (UID 8 BODY[] NIL BODY[HEADER] \"a \\\"b\\\"\")\r\n",
        [.fetchStart(sequenceNumber: 4), .fetchAttribute(.uid(8))] + body("BODY[]", "")
            + body("BODY[HEADER]", "a \"b\"") + [.fetchEnd]),
    ResponseFixture(
        "empty literal", "* 4 FETCH (BODY[] {0}\r\n)\r\n",
        [.fetchStart(sequenceNumber: 4)] + body("BODY[]", "") + [.fetchEnd]),
    ResponseFixture(
        "lowercase attribute names, stray BODY.PEEK, space-padded day",
        "* 1 fetch (uid 4 flags (\\seen \\ANSWERED) internaldate \" 7-Jul-1996 02:44:25 +0000\""
            + " body.peek[] {2}\r\nhi)\r\n",
        [.fetchStart(sequenceNumber: 1), .fetchAttribute(.uid(4)), .fetchAttribute(.flags([.seen, .answered])),
            .fetchAttribute(.internalDate(utcDate(1996, 7, 7, 2, 44, 25)))] + body("BODY[]", "hi") + [.fetchEnd]),
    ResponseFixture(
        "Gmail X-GM attributes kept raw",
        "* 1 FETCH (X-GM-THRID 1278455344230334865 X-GM-MSGID 1278455344230334866"
            + " X-GM-LABELS (\\Inbox \\Sent Important \"Muy Importante\") UID 4 FLAGS (\\Seen))\r\n",
        [.fetchStart(sequenceNumber: 1), .fetchAttribute(.unknown(name: "X-GM-THRID", value: "1278455344230334865")),
            .fetchAttribute(.unknown(name: "X-GM-MSGID", value: "1278455344230334866")),
            .fetchAttribute(.unknown(name: "X-GM-LABELS", value: "(\\Inbox \\Sent Important \"Muy Importante\")")),
            .fetchAttribute(.uid(4)), .fetchAttribute(.flags([.seen])), .fetchEnd]),
    ResponseFixture(
        "ENVELOPE with a literal inside stays buffered and raw",
        "* 2 FETCH (UID 3 ENVELOPE (\"date\" {5}\r\nSubj! NIL NIL NIL NIL NIL NIL NIL NIL) BODY[1.MIME] {2}\r\nok)\r\n",
        [.fetchStart(sequenceNumber: 2), .fetchAttribute(.uid(3)),
            .fetchAttribute(.unknown(name: "ENVELOPE",
                value: "(\"date\" {5}\r\nSubj! NIL NIL NIL NIL NIL NIL NIL NIL)"))]
            + body("BODY[1.MIME]", "ok") + [.fetchEnd]),
    ResponseFixture(
        "extra spaces everywhere", "*  9  FETCH  ( UID 5  FLAGS  (\\Seen  \\Flagged)  BODY[]  {2}\r\nhi )\r\n",
        [.fetchStart(sequenceNumber: 9), .fetchAttribute(.uid(5)), .fetchAttribute(.flags([.seen, .flagged]))]
            + body("BODY[]", "hi") + [.fetchEnd]),
    ResponseFixture(
        "literal8 content and a literal in X-GM-LABELS",
        "* 1 FETCH (X-GM-LABELS ({4}\r\nWork \\Inbox) BINARY[1] ~{3}\r\nabc)\r\n",
        [.fetchStart(sequenceNumber: 1), .fetchAttribute(.unknown(name: "X-GM-LABELS", value: "({4}\r\nWork \\Inbox)"))]
            + body("BINARY[1]", "abc") + [.fetchEnd]),
    ResponseFixture(
        "unsolicited flag change with MODSEQ", "* 7 FETCH (FLAGS (\\Deleted) UID 99 MODSEQ (1234) THREADID NIL)\r\n",
        [.fetchStart(sequenceNumber: 7), .fetchAttribute(.flags([.deleted])), .fetchAttribute(.uid(99)),
            .fetchAttribute(.modSeq(1234)), .fetchAttribute(.threadID(nil)), .fetchEnd]),
    ResponseFixture(
        "QRESYNC SELECT answer (RFC 7162 §3.2.5.1)",
        "* 314 EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 67890007] Ok\r\n* OK [UIDNEXT 567] Predicted next UID\r\n"
            + "* OK [HIGHESTMODSEQ 90060115205545359] Highest\r\n"
            + "* FLAGS (\\Answered \\Flagged \\Draft \\Deleted \\Seen)\r\n"
            + "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Draft \\Deleted \\Seen \\*)] Permanent flags\r\n"
            + "* VANISHED (EARLIER) 41,43:116,118,120:211,214:540\r\n"
            + "* 49 FETCH (UID 117 FLAGS (\\Seen \\Answered) MODSEQ (90060115194045001))\r\n"
            + "* 50 FETCH (UID 119 FLAGS (\\Draft $MDNSent) MODSEQ (90060115194045308))\r\n"
            + "A02 OK [READ-WRITE] Sorry, UIDVALIDITY mismatch\r\n",
        [.untagged(.exists(314)), .untagged(.recent(0)),
            .untagged(.condition(.ok, code: .uidValidity(67_890_007), text: "Ok")),
            .untagged(.condition(.ok, code: .uidNext(567), text: "Predicted next UID")),
            .untagged(.condition(.ok, code: .highestModSeq(90_060_115_205_545_359), text: "Highest")),
            .untagged(.flags([.answered, .flagged, .draft, .deleted, .seen])),
            .untagged(.condition(.ok, code: .permanentFlags([.answered, .flagged, .draft, .deleted, .seen,
                .mayCreateKeywords]), text: "Permanent flags")),
            .untagged(.vanished(earlier: true, uids: SequenceSet("41,43:116,118,120:211,214:540") ?? [])),
            .fetchStart(sequenceNumber: 49), .fetchAttribute(.uid(117)), .fetchAttribute(.flags([.seen, .answered])),
            .fetchAttribute(.modSeq(90_060_115_194_045_001)), .fetchEnd,
            .fetchStart(sequenceNumber: 50), .fetchAttribute(.uid(119)), .fetchAttribute(.flags([.draft, "$MDNSent"])),
            .fetchAttribute(.modSeq(90_060_115_194_045_308)), .fetchEnd,
            .tagged(TaggedResponse(tag: "A02", status: .ok, code: .readWrite, text: "Sorry, UIDVALIDITY mismatch"))]),
]
