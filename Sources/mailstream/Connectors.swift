import ClientTLS
import Domain
import EWS
import IMAP
import MicrosoftGraph

/// The integration kinds this build knows. A new kind (Graph, POP3) is one line here and a target of its own.
enum Connectors {
    static func registry(outboundPolicy: OutboundPolicy, graphNotifications: GraphNotificationHub? = nil)
        -> ConnectorRegistry {
        ConnectorRegistry([
            IMAPConnector(outboundPolicy: outboundPolicy),
            EWSConnector(outboundPolicy: outboundPolicy),
            GraphConnector(outboundPolicy: outboundPolicy, notifications: graphNotifications),
        ])
    }
}
