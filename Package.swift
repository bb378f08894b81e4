// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "mailstream",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mailstream", targets: ["mailstream"]),
        .executable(name: "mailstream-bench", targets: ["mailstream-bench"]),
        .executable(name: "mailstream-ews-sim", targets: ["mailstream-ews-sim"]),
        .executable(name: "mailstream-graph-sim", targets: ["mailstream-graph-sim"]),
        .library(name: "MIME", targets: ["MIME"]),
        .library(name: "Domain", targets: ["Domain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.30.0"),
        // Already in the graph through Hummingbird; named for the API server's HTTP part handlers.
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
        // Microsoft Graph's HTTP client: connection pooling and HTTP/2 where Graph offers it.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .target(
            name: "MIME",
            // The parser reads every byte of every email: tests that feed it a hundred thousand inputs (and a
            // developer's `swift run mailstream parse`) get optimized code even in debug builds.
            swiftSettings: swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(
            name: "Domain",
            dependencies: ["MIME", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // The store's roles (protocols), the rules every implementation applies, and sealed secrets: no database.
        .target(
            name: "Store",
            dependencies: [
                "Domain", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The embedded store: SQLite through GRDB, in a data folder.
        .target(
            name: "SQLiteStore",
            dependencies: [
                "Domain", "Store",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ClientTLS",
            dependencies: [
                "Domain", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IMAP",
            dependencies: [
                "MIME", "Domain", "ClientTLS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // OAuth2 client credentials against Microsoft Entra ID (token requests, certificate assertions, a token
        // cache), with the HTTP exchange injected; EWS uses it now, Graph later.
        .target(
            name: "MicrosoftIdentity",
            dependencies: [
                "Domain",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: swiftSettings
        ),
        // HTTP/1.1 on one outbound connection of its own (through ClientTLS's policy, with its TLS channel binding):
        // EWS's transport, which NTLM binds to a connection, and Entra ID's token endpoint for it.
        .target(
            name: "OutboundHTTP",
            dependencies: [
                "Domain", "ClientTLS", "MicrosoftIdentity",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EWS",
            dependencies: [
                "Domain", "MIME", "ClientTLS", "MicrosoftIdentity", "OutboundHTTP",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // Exchange Online through Microsoft Graph: the JSON wire layer (`Wire/`) and the AsyncHTTPClient transport
        // and `MailSource` (`Network/`).
        .target(
            name: "MicrosoftGraph",
            dependencies: [
                "Domain", "ClientTLS", "MicrosoftIdentity",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // The simulated Entra ID token endpoint both simulators answer with: registered applications, client
        // credentials (secret or certificate assertion), AADSTS errors, token failures on demand. Test support only.
        .target(
            name: "EntraSimulator",
            dependencies: [
                "Domain", "MicrosoftIdentity",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // A simulated Exchange server for tests: EWS from Microsoft's documented XML, NTLM/Basic/Bearer, failures.
        .target(
            name: "EWSSimulator",
            dependencies: [
                "EWS", "Domain", "MIME", "MicrosoftIdentity", "EntraSimulator",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // A simulated Microsoft Graph (mail) and Entra ID token endpoint for tests: Graph's documented JSON, delta
        // queries, subscriptions, throttling and failures on demand; driven from Swift, a seed file or an admin API.
        .target(
            name: "GraphSimulator",
            dependencies: [
                "MIME", "Domain", "MicrosoftIdentity", "EntraSimulator",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Sync",
            dependencies: [
                "Domain", "Store",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // The configuration file (YAML, read through each kind's connector) and the network settings it carries.
        .target(
            name: "Config",
            dependencies: [
                "Domain", "Store", "ClientTLS",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Stream webhooks: the signer, the bounded HTTP sender (AsyncHTTPClient through the outbound policy), the
        // retry schedule and the deliverer service; a notification channel can reuse the first three.
        .target(
            name: "Webhooks",
            dependencies: [
                "Domain", "Store", "ClientTLS",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // A small SMTP client (wire layer and NIO connection) for notifications by email, through the outbound policy.
        .target(
            name: "SMTP",
            dependencies: [
                "Domain", "ClientTLS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // Notifications: the channels (in-app, email, webhooks signed and sent as stream webhooks are) and the
        // dispatcher of the store's outbox.
        .target(
            name: "Notify",
            dependencies: [
                "Domain", "Store", "Webhooks",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "API",
            dependencies: [
                "MIME", "Domain", "Store", "Sync",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("openapi.json")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "mailstream",
            dependencies: [
                "MIME", "Domain", "Store", "SQLiteStore", "Sync", "Config", "API", "IMAP", "EWS", "MicrosoftGraph",
                "ClientTLS", "Webhooks", "Notify", "SMTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "mailstream-ews-sim",
            dependencies: ["EWSSimulator", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "mailstream-graph-sim",
            dependencies: [
                "GraphSimulator", "EntraSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "mailstream-bench",
            dependencies: ["MIME", "Domain", "Store", "SQLiteStore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "MIMETests", dependencies: ["MIME"], swiftSettings: swiftSettings),
        // Reads the target graph and docs/architecture.md; depends on no target.
        .testTarget(name: "ArchitectureTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "ConfigTests",
            dependencies: ["Config", "Sync", "Domain", "ClientTLS", "IMAP", "EWS", "MicrosoftGraph"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "DomainTests", dependencies: ["Domain", "MIME"], swiftSettings: swiftSettings),
        .testTarget(name: "IMAPTests", dependencies: ["IMAP", "Domain"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ClientTLSTests",
            dependencies: [
                "ClientTLS", "Domain",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "EWSTests", dependencies: ["EWS", "EWSSimulator", "Domain"], swiftSettings: swiftSettings),
        .testTarget(
            name: "EWSSyncTests",
            dependencies: [
                "EWS", "EWSSimulator", "EntraSimulator", "Sync", "Store", "SQLiteStore", "Domain", "MIME", "API", "MicrosoftIdentity", "ClientTLS",
                "Config",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GraphSyncTests",
            dependencies: [
                "MicrosoftGraph", "GraphSimulator", "EntraSimulator", "Sync", "Store", "SQLiteStore", "Domain", "MIME", "ClientTLS",
                "MicrosoftIdentity", "EWS", "EWSSimulator", "API", "Config",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MicrosoftIdentityTests",
            dependencies: [
                "MicrosoftIdentity", "Domain",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EWSSimulatorTests",
            dependencies: [
                "EWSSimulator", "EntraSimulator", "EWS", "Domain", "MIME", "MicrosoftIdentity", "ClientTLS",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GraphSimulatorTests",
            dependencies: [
                "GraphSimulator", "EntraSimulator", "MicrosoftIdentity", "Domain",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "IMAP", "Sync", "Store", "SQLiteStore", "Domain", "MIME", "API", "ClientTLS", "Config", "Notify", "SMTP",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SyncTests",
            dependencies: [
                "Sync", "Store", "SQLiteStore", "Domain", "ClientTLS", "IMAP", "EWS", "MicrosoftGraph",
                "MicrosoftIdentity",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WebhookTests",
            dependencies: [
                "Webhooks", "Notify", "API", "Store", "SQLiteStore", "Domain", "ClientTLS",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NotifyTests",
            dependencies: [
                "Notify", "SMTP", "Store", "SQLiteStore", "Domain", "MIME", "ClientTLS",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", "SQLiteStore", "Domain", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "APITests",
            dependencies: [
                "API", "Store", "SQLiteStore", "Domain", "MIME", "IMAP", "EWS", "ClientTLS", "Config",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
