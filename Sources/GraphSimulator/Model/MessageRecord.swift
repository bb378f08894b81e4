import Foundation

/// A message in a simulated mailbox: its MIME as delivered, what Graph shows of it, and where it is.
struct MessageRecord: Sendable {
    /// Unique across the simulator; the store's handle for the message.
    let key: Int
    let immutableID: String
    /// The default id, new after every move.
    var restID: String
    var folderKey: Int
    let mime: [UInt8]
    let content: MessageContent
    var receivedDateTime: Date
    let createdDateTime: Date
    var lastModifiedDateTime: Date
    var isRead: Bool
    var changeKey: String
    var version = 1
    /// The conversation the message belongs to (Graph's `conversationId`).
    let conversationID: String

    /// The id a client sees under its `IdType` preference.
    func id(immutable: Bool) -> String {
        immutable ? immutableID : restID
    }
}
