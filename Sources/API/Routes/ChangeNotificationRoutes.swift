import Domain
import Foundation
import Hummingbird

/// `POST /graph/notifications`: where Microsoft Graph posts change notifications and lifecycle events for the
/// subscriptions `serve` makes, when the operator gave a public URL for them (`--graph-notification-url`). Graph
/// can't send a token, so the path is open; each notification carries its subscription's secret (`clientState`),
/// which the receiver checks. The answers say nothing about what a body held: 202 for every notification body,
/// 413 past the size limit, the bare token for Graph's validation request.
struct ChangeNotificationRoutes {
    static let path = "/graph/notifications"
    /// Graph's validation tokens are about a hundred characters.
    static let maximumTokenLength = 1_024

    let receiver: any ChangeNotificationReceiver

    func add(to router: Router<APIContext>) {
        router.post("graph/notifications") { request, _ -> Response in
            // The validation request made while a subscription is created: the token, decoded, in text/plain,
            // within Graph's 10 seconds (learn.microsoft.com/graph/change-notifications-delivery-webhooks).
            if let token = request.uri.queryParameters.get("validationToken") {
                guard token.utf8.count <= Self.maximumTokenLength else { return Response(status: .badRequest) }
                return Response(status: .ok,
                                headers: [.contentType: "text/plain; charset=utf-8",
                                          .init("X-Content-Type-Options")!: "nosniff"],
                                body: .init(byteBuffer: ByteBuffer(string: token)))
            }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: receiver.maximumBody)
            } catch {
                return Response(status: .contentTooLarge)
            }
            await receiver.receive(Array(buffer: body))
            return Response(status: .accepted)
        }
    }
}
