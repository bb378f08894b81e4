import Foundation
import MIME
import Testing
@testable import Domain

/// Quoted-reply and signature splitting on real replies: talon's standard-reply fixtures, written by Android,
/// AOL, Apple Mail, Comcast, Gmail, Hotmail, iPhone, Outlook, Sparrow, Thunderbird and Yahoo. Each one's newest
/// message is "Hello" (talon's own expectation); everything else is quote or signature.
@Suite struct RealReplyTests {
    static let corpus = ProcessInfo.processInfo.environment["MAILSTREAM_CORPORA"]
        .map { URL(fileURLWithPath: $0).appendingPathComponent("talon") }
    static let available = corpus.map { FileManager.default.fileExists(atPath: $0.path) } == true
        || ProcessInfo.processInfo.environment["CI"] != nil

    static let replies: [(file: String, signature: String?)] = [
        ("android.eml", nil), ("aol.eml", nil), ("apple_mail.eml", nil), ("apple_mail_2.eml", nil),
        ("comcast.eml", nil), ("gmail.eml", nil), ("hotmail.eml", nil), ("iphone.eml", "Sent from my iPhone"),
        ("outlook.eml", nil), ("sparrow.eml", "-- \nxxx\nSent with Sparrow (http://www.sparrowmailapp.com/?sig)"),
        ("thunderbird.eml", nil), ("yahoo.eml", nil),
    ]

    @Test(
        .enabled(if: available, "talon fixtures missing: run scripts/fetch-corpora, or scripts/test which does it"),
        arguments: replies.indices
    )
    func newestMessageIsTheReply(_ index: Int) throws {
        let (file, signature) = Self.replies[index]
        let url = try #require(Self.corpus?.appendingPathComponent(file))
        let converted = EmailToComment.convert(try Array(Data(contentsOf: url)))
        let message = try #require(converted.comment.messages.first)
        #expect(message.body.text == "Hello", "\(file)")
        #expect(message.signature?.text == signature, "\(file)")
        #expect(converted.comment.userProperties["string:Has Signature"] == .string(signature == nil ? "false" : "true"))
    }
}
