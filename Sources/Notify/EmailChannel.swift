import Domain
import Foundation

/// Notifications by email, through the relay the operator configured (``MailRelay``).
public struct EmailChannel: NotificationChannel {
    let relay: any MailRelay
    let composer: NotificationEmail

    /// - Parameters:
    ///   - from: the sender address (envelope and `From:`).
    ///   - baseURL: the service's public address, for links to the integration; nil leaves the links out.
    public init(relay: any MailRelay, from: String, baseURL: String?) {
        self.relay = relay
        composer = NotificationEmail(from: from, baseURL: baseURL)
    }

    public var name: String { "email" }

    public func deliver(_ delivery: NotificationDelivery, committing: @Sendable () async throws -> Void) async
        -> NotificationChannelResult {
        guard let address = delivery.user.email, !address.isEmpty else {
            return .failed("user \(delivery.user.login) has no email address")
        }
        let message = composer.message(delivery, to: address, date: Date())
        do {
            try await relay.send(from: composer.from, to: [address], message: message, beforeCommit: committing)
            return .delivered
        } catch let error as MailRelayError {
            return error.isTransient ? .retry(error.description) : .failed(error.description)
        } catch {
            return .retry(String(describing: error))
        }
    }
}
