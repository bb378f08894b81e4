import Testing
@testable import IMAP

private func untaggedOK(_ code: ResponseCode?, _ text: String) -> IMAPResponseEvent {
    .untagged(.condition(.ok, code: code, text: text))
}

private func tagged(_ tag: String, _ status: ResponseStatus, _ code: ResponseCode?, _ text: String)
    -> IMAPResponseEvent
{
    .tagged(TaggedResponse(tag: tag, status: status, code: code, text: text))
}

private func listed(_ attributes: [MailboxAttribute], _ delimiter: Character?, _ name: MailboxName)
    -> IMAPResponseEvent
{
    .untagged(.list(ListResponse(attributes: attributes, delimiter: delimiter, mailbox: name)))
}

private func caps(_ text: String) -> [Capability] {
    text.split(separator: " ").map { Capability(String($0)) }
}

/// Status, capability, mailbox and search responses as real servers send them (RFC examples and captured quirks).
let statusAndMailboxFixtures: [ResponseFixture] = [
    ResponseFixture(
        "Dovecot greeting with CAPABILITY code",
        "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN AUTH=LOGIN]"
            + " Dovecot (Debian) ready.\r\n",
        [untaggedOK(.capability(caps("IMAP4REV1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN"
            + " AUTH=LOGIN")), "Dovecot (Debian) ready.")]),
    ResponseFixture(
        "Exchange greeting without code", "* OK The Microsoft Exchange IMAP4 service is ready.\r\n",
        [untaggedOK(nil, "The Microsoft Exchange IMAP4 service is ready.")]),
    ResponseFixture(
        "Exchange failed AUTHENTICATE", "A1 NO AUTHENTICATE failed.\r\n",
        [tagged("A1", .no, nil, "AUTHENTICATE failed.")]),
    ResponseFixture(
        "Exchange BAD with error number", "A2 BAD Command Argument Error. 11\r\n",
        [tagged("A2", .bad, nil, "Command Argument Error. 11")]),
    ResponseFixture(
        "M365 throttling BYE", "* BYE Request is throttled. Suggested Backoff Time: 299961 milliseconds\r\n",
        [.untagged(.condition(.bye, code: nil,
            text: "Request is throttled. Suggested Backoff Time: 299961 milliseconds"))]),
    ResponseFixture(
        "Gmail CAPABILITY with many atoms",
        "* CAPABILITY IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 UIDPLUS COMPRESS=DEFLATE"
            + " ENABLE MOVE CONDSTORE ESEARCH UTF8=ACCEPT LIST-EXTENDED LIST-STATUS LITERAL- SPECIAL-USE"
            + " APPENDLIMIT=35651584\r\n",
        [.untagged(.capability(caps("IMAP4REV1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 UIDPLUS"
            + " COMPRESS=DEFLATE ENABLE MOVE CONDSTORE ESEARCH UTF8=ACCEPT LIST-EXTENDED LIST-STATUS LITERAL-"
            + " SPECIAL-USE APPENDLIMIT=35651584")))]),
    ResponseFixture(
        "lowercase keywords and code", "* ok [uidvalidity 3857529045] UIDs valid\r\n",
        [untaggedOK(.uidValidity(3_857_529_045), "UIDs valid")]),
    ResponseFixture("bare OK without text", "* OK\r\n", [untaggedOK(nil, "")]),
    ResponseFixture(
        "tagged OK with READ-WRITE", "A142 OK [READ-WRITE] SELECT completed\r\n",
        [tagged("A142", .ok, .readWrite, "SELECT completed")]),
    ResponseFixture(
        "PERMANENTFLAGS with \\*", "* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n",
        [untaggedOK(.permanentFlags([.deleted, .seen, .mayCreateKeywords]), "Limited")]),
    ResponseFixture(
        "UIDNEXT, UNSEEN, HIGHESTMODSEQ, NOMODSEQ",
        "* OK [UIDNEXT 4392] Predicted next UID\r\n* OK [UNSEEN 12] first unseen\r\n"
            + "* OK [HIGHESTMODSEQ 90060115205545359] Highest\r\n* OK [NOMODSEQ] Sorry\r\n",
        [untaggedOK(.uidNext(4392), "Predicted next UID"), untaggedOK(.unseen(12), "first unseen"),
            untaggedOK(.highestModSeq(90_060_115_205_545_359), "Highest"), untaggedOK(.noModSeq, "Sorry")]),
    ResponseFixture(
        "Dovecot UID MOVE: COPYUID then VANISHED",
        "* OK [COPYUID 432432 42:45 1202:1205] Moved UIDs.\r\n* VANISHED 42:45\r\nA3 OK Move completed.\r\n",
        [untaggedOK(.copyUID(uidValidity: 432_432, source: SequenceSet([SequenceRange(42...45)]),
                destination: SequenceSet([SequenceRange(1202...1205)])), "Moved UIDs."),
            .untagged(.vanished(earlier: false, uids: SequenceSet([SequenceRange(42...45)]))),
            tagged("A3", .ok, nil, "Move completed.")]),
    ResponseFixture(
        "tagged COPYUID with lists", "A4 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n",
        [tagged("A4", .ok, .copyUID(uidValidity: 38505,
            source: SequenceSet([SequenceRange(304), SequenceRange(319...320)]),
            destination: SequenceSet([SequenceRange(3956...3958)])), "Done")]),
    ResponseFixture(
        "APPENDUID", "A003 OK [APPENDUID 38505 3955] APPEND completed\r\n",
        [tagged("A003", .ok, .appendUID(uidValidity: 38505, uids: SequenceSet([SequenceRange(3955)])),
            "APPEND completed")]),
    ResponseFixture(
        "RFC 5530 codes",
        "A1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\nA2 NO [UNAVAILABLE] Try later\r\n"
            + "A3 NO [OVERQUOTA] Full\r\nA4 NO [NONEXISTENT] No such mailbox\r\nA5 NO [ALREADYEXISTS] x\r\n"
            + "A6 NO [CANNOT] x\r\nA7 NO [LIMIT] x\r\nA8 NO [INUSE] x\r\nA9 NO [SERVERBUG] x\r\n"
            + "B1 NO [EXPIRED] x\r\nB2 NO [AUTHORIZATIONFAILED] x\r\nB3 NO [TRYCREATE] x\r\n"
            + "* OK [CLOSED] Previous mailbox closed\r\n* OK [ALERT] Maintenance tonight\r\n",
        [tagged("A1", .no, .authenticationFailed, "Authentication failed."),
            tagged("A2", .no, .unavailable, "Try later"), tagged("A3", .no, .overQuota, "Full"),
            tagged("A4", .no, .nonExistent, "No such mailbox"), tagged("A5", .no, .alreadyExists, "x"),
            tagged("A6", .no, .cannot, "x"), tagged("A7", .no, .limit, "x"), tagged("A8", .no, .inUse, "x"),
            tagged("A9", .no, .serverBug, "x"), tagged("B1", .no, .expired, "x"),
            tagged("B2", .no, .authorizationFailed, "x"), tagged("B3", .no, .tryCreate, "x"),
            untaggedOK(.closed, "Previous mailbox closed"), untaggedOK(.alert, "Maintenance tonight")]),
    ResponseFixture(
        "unknown and odd codes kept raw", "* NO [X-WEIRD foo bar] whatever\r\n* OK [UIDNEXT soon] x\r\n",
        [.untagged(.condition(.no, code: .unknown("X-WEIRD foo bar"), text: "whatever")),
            untaggedOK(.unknown("UIDNEXT soon"), "x")]),
    ResponseFixture(
        "LIST with SPECIAL-USE", "* LIST (\\HasNoChildren \\Sent) \"/\" Sent\r\n",
        [listed([.hasNoChildren, .sent], "/", "Sent")]),
    ResponseFixture(
        "Gmail LIST quoted name", "* LIST (\\All \\HasNoChildren) \"/\" \"[Gmail]/All Mail\"\r\n",
        [listed([.all, .hasNoChildren], "/", "[Gmail]/All Mail")]),
    ResponseFixture(
        "LIST NIL delimiter, Noselect, lowercase attributes", "* list (\\noselect) NIL \"\"\r\n",
        [listed([.noSelect], nil, "")]),
    ResponseFixture(
        "LIST modified UTF-7 name", "* LIST (\\HasNoChildren) \".\" \"&U,BTFw-\"\r\n",
        [listed([.hasNoChildren], ".", "台北")]),
    ResponseFixture(
        "LIST literal name", "* LIST () \"/\" {12}\r\nEntw&APw-rfe\r\n",
        [listed([], "/", "Entwürfe")]),
    ResponseFixture(
        "LIST escaped quotes and backslash", "* LIST (\\HasNoChildren) \"\\\\\" \"a \\\"b\\\" \\\\ c\"\r\n",
        [listed([.hasNoChildren], "\\", "a \"b\" \\ c")]),
    ResponseFixture(
        "LIST-EXTENDED with CHILDINFO",
        "* LIST (\\Subscribed \\NonExistent) \"/\" \"Fruit/Peach\" (\"CHILDINFO\" (\"SUBSCRIBED\"))\r\n",
        [listed([.subscribed, .nonExistent], "/", "Fruit/Peach")]),
    ResponseFixture(
        "LIST name that is not modified UTF-7 is kept raw", "* LIST () \"/\" \"R&D\"\r\n",
        [listed([], "/", MailboxName(wireBytes: Array("R&D".utf8), utf8Accepted: false))]),
    ResponseFixture(
        "XLIST read as LIST", "* XLIST (\\HasNoChildren \\Inbox) \"/\" \"Inbox\"\r\n",
        [listed([.hasNoChildren, "\\Inbox"], "/", "Inbox")]),
    ResponseFixture(
        "LSUB", "* LSUB () \".\" #news.comp.mail.misc\r\n",
        [.untagged(.lsub(ListResponse(attributes: [], delimiter: ".", mailbox: "#news.comp.mail.misc")))]),
    ResponseFixture(
        "STATUS", "* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)\r\n",
        [.untagged(.status({
            var status = MailboxStatus(mailbox: "blurdybloop")
            status.messages = 231
            status.uidNext = 44292
            return status
        }()))]),
    ResponseFixture(
        "STATUS with HIGHESTMODSEQ and unknown item",
        "* STATUS \"INBOX\" (MESSAGES 3 UIDVALIDITY 1 UNSEEN 0 X-FOO (1 2) HIGHESTMODSEQ 90060115205545359)\r\n",
        [.untagged(.status({
            var status = MailboxStatus(mailbox: .inbox)
            status.messages = 3
            status.uidValidity = 1
            status.unseen = 0
            status.highestModSeq = 90_060_115_205_545_359
            return status
        }()))]),
    ResponseFixture(
        "FLAGS", "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded)\r\n",
        [.untagged(.flags([.answered, .flagged, .deleted, .seen, .draft, "$Forwarded"]))]),
    ResponseFixture(
        "EXISTS, RECENT, EXPUNGE with extra spaces", "* 23 EXISTS\r\n*  5  RECENT\r\n* 3 expunge\r\n",
        [.untagged(.exists(23)), .untagged(.recent(5)), .untagged(.expunge(3))]),
    ResponseFixture(
        "VANISHED (EARLIER)", "* VANISHED (EARLIER) 41,43:116,118,120:211,214:540\r\n",
        [.untagged(.vanished(earlier: true, uids: SequenceSet("41,43:116,118,120:211,214:540") ?? []))]),
    ResponseFixture(
        "SEARCH", "* SEARCH 2 3 6\r\n* SEARCH\r\n* SEARCH 2 5 7 (MODSEQ 917162500)\r\n",
        [.untagged(.search([2, 3, 6], modSeq: nil)), .untagged(.search([], modSeq: nil)),
            .untagged(.search([2, 5, 7], modSeq: 917_162_500))]),
    ResponseFixture(
        "ESEARCH", "* ESEARCH (TAG \"a567\") UID COUNT 17 ALL 4:18,21,28\r\n* ESEARCH (TAG \"A282\") MIN 2 MAX 9\r\n"
            + "* ESEARCH (TAG \"A1\") UID\r\n",
        [.untagged(.esearch(ESearchResponse(tag: "a567", uid: true, all: SequenceSet("4:18,21,28"), count: 17))),
            .untagged(.esearch(ESearchResponse(tag: "A282", min: 2, max: 9))),
            .untagged(.esearch(ESearchResponse(tag: "A1", uid: true)))]),
    ResponseFixture(
        "ENABLED", "* ENABLED CONDSTORE QRESYNC\r\n", [.untagged(.enabled([.condStore, .qResync]))]),
    ResponseFixture(
        "ID", "* ID (\"name\" \"Cyrus\" \"version\" \"1.5\" \"os\" NIL)\r\n* ID NIL\r\n",
        [.untagged(.id([IDParameter("name", "Cyrus"), IDParameter("version", "1.5"), IDParameter("os", nil)])),
            .untagged(.id(nil))]),
    ResponseFixture(
        "NAMESPACE kept raw", "* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n",
        [.untagged(.namespace("((\"\" \"/\")) NIL NIL"))]),
    ResponseFixture(
        "unknown untagged responses", "* XYZZY some thing\r\n* 3 XFOO\r\n* (odd)\r\n",
        [.untagged(.unknown("* XYZZY some thing")), .untagged(.unknown("* 3 XFOO")),
            .untagged(.unknown("* (odd)"))]),
    ResponseFixture(
        "continuations", "+ idling\r\n+ \r\n+\r\n+ eyJzdGF0dXMiOiI0MDEifQ==\r\n",
        [.continuation(ContinuationRequest(text: "idling")), .continuation(ContinuationRequest(text: "")),
            .continuation(ContinuationRequest(text: "")),
            .continuation(ContinuationRequest(text: "eyJzdGF0dXMiOiI0MDEifQ=="))]),
    ResponseFixture(
        "bare LF line ends", "* 4 EXISTS\nA1 OK done\n",
        [.untagged(.exists(4)), tagged("A1", .ok, nil, "done")]),
]
