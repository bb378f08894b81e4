import Domain
import Foundation
import Testing
@testable import IMAP

/// NOTIFY (RFC 5465): the command's bytes, the responses that come with it (as Dovecot 2.3 sends them, captured
/// against the test peer), and which of them tell of a change.
@Suite struct NotifyTests {
    static let events: [NotifyEvent] = [.messageNew(), .messageExpunge, .flagChange]

    static let commands: [CommandFixture] = [
        CommandFixture("NOTIFY NONE", .notify(nil), "A1 NOTIFY NONE\r\n"),
        CommandFixture("NOTIFY SET as the source asks",
            .notify(NotifyRequest(groups: [
                NotifyEventGroup(.selected, events), NotifyEventGroup(.personal, events + [.mailboxName]),
                NotifyEventGroup(.subscribed, events),
            ])),
            "A1 NOTIFY SET (selected (MessageNew MessageExpunge FlagChange)) (personal (MessageNew MessageExpunge "
                + "FlagChange MailboxName)) (subscribed (MessageNew MessageExpunge FlagChange))\r\n"),
        CommandFixture("NOTIFY SET STATUS, fetch attributes, mailbox lists and NONE",
            .notify(NotifyRequest(status: true, groups: [
                NotifyEventGroup(.selectedDelayed, [.messageNew(fetch: [.uid, .flags]), .messageExpunge]),
                NotifyEventGroup(.mailboxes(["Sent", "台北"]), [.messageNew(), .messageExpunge]),
                NotifyEventGroup(.subtree(["Projects"]), [.messageNew()]),
                NotifyEventGroup(.inboxes, []),
            ])),
            "A1 NOTIFY SET STATUS (selected-delayed (MessageNew (UID FLAGS) MessageExpunge)) (mailboxes (\"Sent\" "
                + "\"&U,BTFw-\") (MessageNew MessageExpunge)) (subtree \"Projects\" (MessageNew)) (inboxes NONE)\r\n"),
    ]

    @Test(arguments: commands)
    func encodesExactBytes(_ fixture: CommandFixture) {
        #expect(CommandEncoder(options: fixture.options).encode(fixture.command, tag: "A1") == fixture.expectedChunks)
    }

    static let responses: [ResponseFixture] = [
        ResponseFixture("Dovecot STATUS for MessageNew in another folder",
            "* STATUS Archive (MESSAGES 1 UIDNEXT 2 UNSEEN 1 HIGHESTMODSEQ 2)\r\n",
            [.untagged(.status(status("Archive", messages: 1, uidNext: 2, unseen: 1, highestModSeq: 2)))]),
        ResponseFixture("Dovecot STATUS for FlagChange", "* STATUS Archive (UNSEEN 0 HIGHESTMODSEQ 3)\r\n",
            [.untagged(.status(status("Archive", unseen: 0, highestModSeq: 3)))]),
        ResponseFixture("LIST for MailboxName", "* LIST () \"/\" Projects/X\r\n",
            [.untagged(.list(ListResponse(attributes: [], delimiter: "/", mailbox: "Projects/X")))]),
        ResponseFixture("LIST for a rename, with OLDNAME", "* LIST () \"/\" \"New\" (\"OLDNAME\" (\"Old\"))\r\n",
            [.untagged(.list(ListResponse(attributes: [], delimiter: "/", mailbox: "New")))]),
        ResponseFixture("NOTIFICATIONOVERFLOW", "* OK [NOTIFICATIONOVERFLOW] Too many notifications\r\n",
            [.untagged(.condition(.ok, code: .notificationOverflow, text: "Too many notifications"))]),
        ResponseFixture("Dovecot BADEVENT without parentheses",
            "a5b NO [BADEVENT AnnotationChange] Unsupported NOTIFY events (0.001 + 0.000 secs).\r\n",
            [.tagged(TaggedResponse(tag: "a5b", status: .no, code: .badEvent(["AnnotationChange"]),
                                    text: "Unsupported NOTIFY events (0.001 + 0.000 secs)."))]),
        ResponseFixture("RFC 5465 BADEVENT listing the supported events",
            "A3 NO [BADEVENT (MessageNew MessageExpunge FlagChange)] Unsupported\r\n",
            [.tagged(TaggedResponse(tag: "A3", status: .no,
                                    code: .badEvent(["MessageNew", "MessageExpunge", "FlagChange"]),
                                    text: "Unsupported"))]),
        ResponseFixture("a BADEVENT that follows no grammar stays readable",
            "A4 NO [BADEVENT (MessageNew] x\r\n",
            [.tagged(TaggedResponse(tag: "A4", status: .no, code: .unknown("BADEVENT (MessageNew"), text: "x"))]),
    ]

    static func status(_ name: MailboxName, messages: UInt32? = nil, uidNext: UInt32? = nil, unseen: UInt32? = nil,
                       highestModSeq: UInt64? = nil) -> MailboxStatus {
        var status = MailboxStatus(mailbox: name)
        status.messages = messages
        status.uidNext = uidNext
        status.unseen = unseen
        status.highestModSeq = highestModSeq
        return status
    }

    @Test(arguments: responses)
    func parsesResponsesInAnyChunks(_ fixture: ResponseFixture) throws {
        #expect(try parseEvents(fixture.input) == fixture.expected)
        #expect(try parseEvents(Array(fixture.input.utf8), chunkSizes: [1]) == fixture.expected)
        #expect(try parseEvents(Array(fixture.input.utf8), chunkSizes: [3, 7, 2]) == fixture.expected)
    }

    @Test func notificationsAreTellingApartFromAnswers() throws {
        let archive = try parseEvents("* STATUS Archive (MESSAGES 1 UIDNEXT 2)\r\n")[0]
        #expect(ChangeNotice.classify(archive, in: .idle) == .mailbox("Archive"))
        #expect(ChangeNotice.classify(archive, in: .other) == .mailbox("Archive"))
        #expect(ChangeNotice.classify(archive, in: .selecting) == .mailbox("Archive"))
        #expect(ChangeNotice.classify(archive, in: .listing) == nil, "LIST-STATUS answers are not news")

        // Names stay as on the wire (modified UTF-7), as LIST gives them and sources keep them.
        let taipei = try parseEvents("* STATUS \"&U,BTFw-\" (MESSAGES 1)\r\n")[0]
        #expect(ChangeNotice.classify(taipei, in: .idle) == .mailbox("&U,BTFw-"))

        for line in ["* 4 EXISTS\r\n", "* 2 EXPUNGE\r\n", "* VANISHED 41:43\r\n"] {
            let event = try parseEvents(line)[0]
            #expect(ChangeNotice.classify(event, in: .idle) == .selected, "\(line)")
            #expect(ChangeNotice.classify(event, in: .other) == .selected, "\(line)")
            #expect(ChangeNotice.classify(event, in: .selecting) == nil, "\(line) answers SELECT")
        }
        let earlier = try parseEvents("* VANISHED (EARLIER) 41:43\r\n")[0]
        #expect(ChangeNotice.classify(earlier, in: .idle) == nil)

        let flags = try parseEvents("* 3 FETCH (UID 9 FLAGS (\\Seen) MODSEQ (12))\r\n")
        #expect(ChangeNotice.classify(flags[0], in: .idle) == .selected)
        #expect(ChangeNotice.classify(flags[0], in: .fetching) == nil)
        #expect(flags.dropFirst().allSatisfy { ChangeNotice.classify($0, in: .idle) == nil }, "one notice a FETCH")

        let created = try parseEvents("* LIST () \"/\" Projects\r\n")[0]
        #expect(ChangeNotice.classify(created, in: .idle) == .mailboxList)
        #expect(ChangeNotice.classify(created, in: .listing) == nil)

        let overflow = try parseEvents("* OK [NOTIFICATIONOVERFLOW] x\r\n")[0]
        for context in [ChangeNotice.Context.idle, .listing, .selecting, .fetching, .other] {
            #expect(ChangeNotice.classify(overflow, in: context) == .overflow)
        }
        for line in ["* 1 RECENT\r\n", "* OK [HIGHESTMODSEQ 5] x\r\n", "+ idling\r\n", "A1 OK done\r\n"] {
            #expect(ChangeNotice.classify(try parseEvents(line)[0], in: .idle) == nil, "\(line)")
        }
    }

    @Test func commandsSetTheirContext() {
        #expect(ChangeNotice.Context(.list(returnStatus: [.messages])) == .listing)
        #expect(ChangeNotice.Context(.status(.inbox, [.messages])) == .listing)
        #expect(ChangeNotice.Context(.examine(.inbox)) == .selecting)
        #expect(ChangeNotice.Context(.select(.inbox)) == .selecting)
        #expect(ChangeNotice.Context(.uidFetch(UIDSet("1") ?? [], [.uid])) == .fetching)
        #expect(ChangeNotice.Context(.idle) == .idle)
        #expect(ChangeNotice.Context(.uidSearch([.all])) == .other)
        #expect(ChangeNotice.Context(.notify(nil)) == .other)
    }

    /// Mutated NOTIFY traffic: parsing never traps and gives the same events however the bytes are chunked, and
    /// classifying whatever comes out, in any context, never traps.
    @Test func mutatedNotifyTrafficParsesTheSameInAnyChunks() {
        let seed = ProcessInfo.processInfo.environment["MAILSTREAM_FUZZ_SEED"].flatMap(UInt64.init)
            ?? UInt64(Date().timeIntervalSince1970)
        print("NOTIFY fuzz seed: \(seed) (set MAILSTREAM_FUZZ_SEED to repeat)")
        var random = SplitMix64(seed: seed)
        let seeds = Self.responses.map { Array($0.input.utf8) } + [
            "+ idling\r\n* STATUS Archive (MESSAGES 1 UIDNEXT 2 UNSEEN 1 HIGHESTMODSEQ 2)\r\n* 1 EXISTS\r\n"
                + "* 1 FETCH (UID 1)\r\n* OK [HIGHESTMODSEQ 2] Highest\r\nM7 OK Idle completed.\r\n",
        ].map { Array($0.utf8) }
        let contexts: [ChangeNotice.Context] = [.idle, .listing, .selecting, .fetching, .other]
        var failures = 0
        for iteration in 0..<20_000 {
            let input = ParserFuzzTests.mutate(seeds[Int.random(in: 0..<seeds.count, using: &random)], using: &random)
            let sizes = (0..<4).map { _ in Int.random(in: 1...9, using: &random) }
            let whole = ParserFuzzTests.run(input, chunkSizes: [max(1, input.count)], configuration: .init())
            let chunked = ParserFuzzTests.run(input, chunkSizes: sizes, configuration: .init())
            for event in whole.events {
                for context in contexts { _ = ChangeNotice.classify(event, in: context) }
            }
            if whole != chunked {
                failures += 1
                if failures <= 3 { Issue.record("seed \(seed) iteration \(iteration): \(input) chunked \(sizes)") }
            }
        }
        #expect(failures == 0)
    }
}

/// Without LIST-STATUS a wait asks STATUS of a bounded number of folders per look, going round the list.
struct StatusTurnTests {
    @Test func aLargeTreeIsLookedAtInTurns() {
        let folders = (0..<30).map { MailFolder(path: ["f\($0)"], serverID: "f\($0)") }
        let first = IMAPMailSource.statusTurn(of: folders, from: 0)
        #expect(first.folders.map(\.serverID) == (0..<25).map { "f\($0)" })
        let second = IMAPMailSource.statusTurn(of: folders, from: first.next)
        #expect(second.folders.map(\.serverID) == ((25..<30).map { "f\($0)" } + (0..<20).map { "f\($0)" }))
        #expect(Set(first.folders + second.folders).count == 30, "every folder within two looks")
    }

    @Test func aSmallTreeIsLookedAtWhole() {
        let folders = (0..<3).map { MailFolder(path: ["f\($0)"], serverID: "f\($0)") }
        #expect(IMAPMailSource.statusTurn(of: folders, from: 7).folders == folders)
    }
}
