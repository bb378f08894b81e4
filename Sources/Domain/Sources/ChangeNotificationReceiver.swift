/// Where a mail service's pushed change notifications arrive (Microsoft Graph's webhooks). The API's receiving route
/// hands over each POST's body and answers the same whatever it held, so a caller learns nothing from the answer;
/// the receiver checks each notification's secret and wakes only the mailbox it names. A notification is never the
/// source of truth: the woken mailbox reads its changes from the server as on any pass.
public protocol ChangeNotificationReceiver: Sendable {
    /// The largest body the route reads; a longer one is refused before it reaches ``receive(_:)``.
    var maximumBody: Int { get }

    /// Reads one POST's body. Bodies that aren't notifications, and notifications whose secret doesn't match a
    /// subscription, are counted and ignored.
    func receive(_ body: [UInt8]) async
}
