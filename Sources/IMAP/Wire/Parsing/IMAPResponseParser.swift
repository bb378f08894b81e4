/// Reads server responses from bytes fed in chunks of any size (RFC 3501 §7, RFC 9051 §7).
///
/// Feed what the connection delivers with ``feed(_:)``, then call ``next()`` until it returns nil. Memory stays
/// bounded: message content in FETCH responses is handed out as ``IMAPResponseEvent/bodyBytes(_:)`` as it arrives
/// and never held whole, and lines and other literals are limited by ``Configuration``.
///
/// Literals are read by byte count wherever a string may appear. After the first error the parser is stuck: every
/// later ``next()`` throws the same error, and the connection should be dropped.
public struct IMAPResponseParser: Sendable {
    /// Limits that keep a broken or hostile server from exhausting memory.
    public struct Configuration: Sendable {
        /// Longest response line, not counting literals.
        public let maximumLineLength: Int
        /// Largest literal, message content included.
        public let maximumLiteralSize: Int
        /// Most literal bytes held at once for one response (mailbox names, envelopes): all literals but message
        /// content, which is streamed.
        public let maximumBufferedLiteralSize: Int
        /// Largest ``IMAPResponseEvent/bodyBytes(_:)`` chunk.
        public let maximumBodyChunkSize: Int

        public init(
            maximumLineLength: Int = 1 << 20, maximumLiteralSize: Int = 256 << 20,
            maximumBufferedLiteralSize: Int = 16 << 20, maximumBodyChunkSize: Int = 64 << 10
        ) {
            self.maximumLineLength = max(1, maximumLineLength)
            self.maximumLiteralSize = max(0, maximumLiteralSize)
            self.maximumBufferedLiteralSize = max(0, maximumBufferedLiteralSize)
            self.maximumBodyChunkSize = max(1, maximumBodyChunkSize)
        }
    }

    public let configuration: Configuration
    /// Whether mailbox names are UTF-8 rather than modified UTF-7 (RFC 9755 §3). Set by the parser itself when it
    /// reads `* ENABLED UTF8=ACCEPT` or `* ENABLED IMAP4rev2`; a driver may also set it.
    public var utf8Accepted = false

    private var framer: ResponseFramer
    private var pending: [IMAPResponseEvent] = []
    private var pendingIndex = 0
    private var failure: IMAPParseError?

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.framer = ResponseFramer(configuration: configuration)
    }

    /// Adds bytes received from the server.
    public mutating func feed(_ bytes: some Collection<UInt8>) {
        framer.append(bytes)
    }

    /// The next event, or nil when more bytes are needed.
    ///
    /// - Throws: ``IMAPParseError`` for input that breaks the grammar or the configured limits; the same error on
    ///   every call after that.
    public mutating func next() throws(IMAPParseError) -> IMAPResponseEvent? {
        if let failure { throw failure }
        do {
            return try nextEvent()
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func nextEvent() throws(IMAPParseError) -> IMAPResponseEvent? {
        while true {
            if pendingIndex < pending.count {
                defer { pendingIndex += 1 }
                return pending[pendingIndex]
            }
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            if let remaining = framer.remainingContent {
                if remaining == 0 {
                    framer.finishContent()
                    return .bodyEnd
                }
                return framer.takeContent(limit: configuration.maximumBodyChunkSize).map { .bodyBytes($0) }
            }
            guard let frame = try framer.nextFrame() else { return nil }
            try parse(frame)
        }
    }

    private mutating func parse(_ frame: ResponseFramer.Frame) throws(IMAPParseError) {
        switch frame {
        case .response(let bytes):
            var cursor = WireCursor(bytes: bytes)
            try cursor.response(utf8Accepted: utf8Accepted, into: &pending)
            for case .untagged(.enabled(let capabilities)) in pending
            where capabilities.contains(.utf8Accept) || capabilities.contains(.imap4rev2) {
                utf8Accepted = true
            }
        case .fetchPart(let bytes, let continued, let size):
            var cursor = WireCursor(bytes: bytes)
            if continued {
                try cursor.fetchAttributes(sequenceNumber: nil, streamedBodySize: size, into: &pending)
            } else {
                try cursor.fetchPrefix(streamedBodySize: size, into: &pending)
            }
        case .fetchRest(let bytes):
            var cursor = WireCursor(bytes: bytes)
            try cursor.fetchAttributes(sequenceNumber: nil, streamedBodySize: nil, into: &pending)
        }
    }
}
