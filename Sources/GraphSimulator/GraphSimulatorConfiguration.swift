import Foundation

/// How a simulated Microsoft Graph is set up: the app registrations its Entra ID knows, the mailboxes, and how it
/// behaves under load.
public struct GraphSimulatorConfiguration: Sendable {
    /// A mailbox (a licensed user) that exists from the start.
    public struct Mailbox: Sendable, Hashable {
        public var address: String
        public var displayName: String?
        /// The user's object id; a new GUID when nil.
        public var userID: String?

        public init(_ address: String, displayName: String? = nil, userID: String? = nil) {
            self.address = address
            self.displayName = displayName
            self.userID = userID
        }
    }

    /// What serving HTTPS takes: a certificate chain (server certificate first) and its private key, both PEM.
    public struct TLS: Sendable, Hashable {
        public var certificateChainPEM: String
        public var privateKeyPEM: String

        public init(certificateChainPEM: String, privateKeyPEM: String) {
            self.certificateChainPEM = certificateChainPEM
            self.privateKeyPEM = privateKeyPEM
        }
    }

    /// What Graph answers for a user that doesn't exist; Exchange Online gives either, depending on the datacenter.
    public enum UnknownUserAnswer: String, Sendable, Hashable {
        /// 404 `ResourceNotFound` "Resource could not be discovered.".
        case resourceNotFound
        /// 404 `ErrorInvalidUser`.
        case invalidUser
    }

    /// The app registrations the token endpoint knows.
    public var applications: [GraphApplication]
    /// The mailboxes that exist from the start, each with Outlook's well-known folders.
    public var mailboxes: [Mailbox]
    /// `expires_in` of issued tokens, in seconds (Entra ID issues about an hour).
    public var tokenLifetime: Int
    /// Serve HTTPS with this certificate (Kiota, under the Python SDK, refuses plain http).
    public var tls: TLS?
    /// Seeds ids, so a failing run can be repeated.
    public var seed: UInt64
    /// Concurrent requests one app may have open against one mailbox before 429 `ApplicationThrottled`
    /// (Outlook's limit is 4: learn.microsoft.com/graph/throttling-limits).
    public var concurrentRequestLimit: Int
    /// `Retry-After` of the concurrency 429, in seconds.
    public var throttleRetryAfter: Double
    /// Page size of delta rounds and listings without `Prefer: odata.maxpagesize` or `$top`.
    public var defaultPageSize: Int
    /// The largest page sent whatever the client prefers: `odata.maxpagesize` is a preference, and Graph may send
    /// smaller pages (1,000 is Graph's own ceiling).
    public var maximumPageSize: Int = 1000
    /// How long every Graph request takes, so tests can have several in flight at once.
    public var responseDelay: Duration
    /// What a request for a user that doesn't exist gets.
    public var unknownUserAnswer: UnknownUserAnswer
    /// The `@removed` reason a message moved out of a folder shows in that folder's delta.
    public var moveRemovalReason: RemovalReason
    /// The longest a message subscription may last (learn.microsoft.com/graph/api/resources/subscription:
    /// 10,080 minutes for basic notifications).
    public var maximumSubscriptionMinutes: Int
    /// How long a notification endpoint has to answer the validation request (Graph: 10 s).
    public var validationTimeout: Duration
    /// Certificates (PEM) to trust, besides the system's, when sending notifications to https URLs.
    public var notificationTrustRootsPEM: String?
    /// Whether notification URLs may be `http://` on a loopback address (Graph demands https; tests use plain
    /// HTTP receivers on 127.0.0.1). Other http URLs are always refused.
    public var allowsLoopbackHTTPNotifications: Bool

    public init(
        applications: [GraphApplication] = [],
        mailboxes: [Mailbox] = [],
        tokenLifetime: Int = 3599,
        tls: TLS? = nil,
        seed: UInt64 = 0x6EA9,
        concurrentRequestLimit: Int = 4,
        throttleRetryAfter: Double = 1,
        defaultPageSize: Int = 10,
        responseDelay: Duration = .zero,
        unknownUserAnswer: UnknownUserAnswer = .resourceNotFound,
        moveRemovalReason: RemovalReason = .deleted,
        maximumSubscriptionMinutes: Int = 10080,
        validationTimeout: Duration = .seconds(10),
        notificationTrustRootsPEM: String? = nil,
        allowsLoopbackHTTPNotifications: Bool = true
    ) {
        self.applications = applications
        self.mailboxes = mailboxes
        self.tokenLifetime = tokenLifetime
        self.tls = tls
        self.seed = seed
        self.concurrentRequestLimit = concurrentRequestLimit
        self.throttleRetryAfter = throttleRetryAfter
        self.defaultPageSize = defaultPageSize
        self.responseDelay = responseDelay
        self.unknownUserAnswer = unknownUserAnswer
        self.moveRemovalReason = moveRemovalReason
        self.maximumSubscriptionMinutes = maximumSubscriptionMinutes
        self.validationTimeout = validationTimeout
        self.notificationTrustRootsPEM = notificationTrustRootsPEM
        self.allowsLoopbackHTTPNotifications = allowsLoopbackHTTPNotifications
    }
}
