import Foundation

/// The simulator's `$skiptoken` and `$deltatoken`: an opaque URL-safe string naming the mailbox, the collection (a
/// folder's messages, or the folder hierarchy), the token generation it was issued under, the round's window of the
/// change log and how far the round got, plus the query options of the round's first request (Graph encodes them in
/// the token, so later links need none). A checksum makes an edited or foreign token unreadable.
struct DeltaToken: Sendable, Equatable {
    enum Scope: String, Sendable {
        case messages = "m"
        case folders = "f"
    }

    var scope: Scope
    var mailboxGUID: [UInt8]
    /// The folder whose messages are tracked; 0 for the hierarchy.
    var folderKey: Int
    var generation: Int
    /// The log position the round reports changes after; nil for an initial round (everything there is).
    var from: Int?
    /// The log position when the round started: the next round's `from`.
    var until: Int
    /// Initial rounds: the key of the last item sent. Change rounds: how many changes were sent.
    var cursor: Int
    var options: DeltaOptions

    var encoded: String {
        var members: [(String, JSONValue)] = [
            ("s", .string(scope.rawValue)), ("g", .string(Data(mailboxGUID).base64EncodedString())),
            ("k", .int(folderKey)), ("n", .int(generation)), ("u", .int(until)), ("c", .int(cursor)),
        ]
        if let from { members.append(("f", .int(from))) }
        members += options.tokenMembers
        let payload = JSONValue.object(members).encoded
        var checksum = Self.checksum(payload)
        var bytes: [UInt8] = []
        withUnsafeBytes(of: &checksum) { bytes += $0 }
        return Self.base64URL(bytes + payload)
    }

    init(
        scope: Scope, mailboxGUID: [UInt8], folderKey: Int, generation: Int, from: Int?, until: Int, cursor: Int,
        options: DeltaOptions
    ) {
        self.scope = scope
        self.mailboxGUID = mailboxGUID
        self.folderKey = folderKey
        self.generation = generation
        self.from = from
        self.until = until
        self.cursor = cursor
        self.options = options
    }

    /// Nil for anything this simulator did not issue.
    init?(encoded: String) {
        var text = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text), data.count > 8 else { return nil }
        let bytes = [UInt8](data)
        let payload = Array(bytes[8...])
        let stored = bytes[0..<8].withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        guard stored == Self.checksum(payload), let json = JSONValue(parsing: payload),
            let scope = json["s"]?.stringValue.flatMap(Scope.init(rawValue:)),
            let guid = json["g"]?.stringValue.flatMap({ Data(base64Encoded: $0) }),
            let folder = json["k"]?.doubleValue, let generation = json["n"]?.doubleValue,
            let until = json["u"]?.doubleValue, let cursor = json["c"]?.doubleValue
        else { return nil }
        self.scope = scope
        mailboxGUID = [UInt8](guid)
        folderKey = Int(folder)
        self.generation = Int(generation)
        from = json["f"]?.doubleValue.map { Int($0) }
        self.until = Int(until)
        self.cursor = Int(cursor)
        options = DeltaOptions(tokenJSON: json)
    }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// FNV-1a 64: enough to notice edits; the simulator guards no secrets.
    private static func checksum(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0100_0000_01B3
        }
        return hash
    }
}

/// The query options of a delta round, fixed by its first request.
struct DeltaOptions: Sendable, Equatable {
    enum Comparison: String, Sendable {
        case ge, gt
    }

    /// Properties of `$select` as the client spelled them; nil for all.
    var select: [String]?
    /// `$filter=receivedDateTime ge|gt <instant>`.
    var receivedAfter: (comparison: Comparison, instant: Date)?
    /// `$orderby=receivedDateTime desc`.
    var newestFirst = false
    /// The custom option `changeType`: created, updated or deleted.
    var changeType: String?
    /// `$top`, which pages the round like `odata.maxpagesize`.
    var top: Int?

    init(
        select: [String]? = nil, receivedAfter: (Comparison, Date)? = nil, newestFirst: Bool = false,
        changeType: String? = nil, top: Int? = nil
    ) {
        self.select = select
        self.receivedAfter = receivedAfter.map { (comparison: $0.0, instant: $0.1) }
        self.newestFirst = newestFirst
        self.changeType = changeType
        self.top = top
    }

    static func == (lhs: DeltaOptions, rhs: DeltaOptions) -> Bool {
        lhs.select == rhs.select && lhs.receivedAfter?.comparison == rhs.receivedAfter?.comparison
            && lhs.receivedAfter?.instant == rhs.receivedAfter?.instant && lhs.newestFirst == rhs.newestFirst
            && lhs.changeType == rhs.changeType && lhs.top == rhs.top
    }

    func admits(received: Date) -> Bool {
        guard let receivedAfter else { return true }
        switch receivedAfter.comparison {
        case .ge: return received >= receivedAfter.instant
        case .gt: return received > receivedAfter.instant
        }
    }

    fileprivate var tokenMembers: [(String, JSONValue)] {
        var members: [(String, JSONValue)] = []
        if let select { members.append(("sel", .array(select.map(JSONValue.string)))) }
        if let receivedAfter {
            members.append(("rc", .string(receivedAfter.comparison.rawValue)))
            members.append(("rt", .double(receivedAfter.instant.timeIntervalSince1970)))
        }
        if newestFirst { members.append(("od", .bool(true))) }
        if let changeType { members.append(("ct", .string(changeType))) }
        if let top { members.append(("top", .int(top))) }
        return members
    }

    fileprivate init(tokenJSON json: JSONValue) {
        select = json["sel"]?.arrayValue?.compactMap(\.stringValue)
        if let comparison = json["rc"]?.stringValue.flatMap(Comparison.init(rawValue:)),
            let instant = json["rt"]?.doubleValue
        {
            receivedAfter = (comparison, Date(timeIntervalSince1970: instant))
        }
        newestFirst = json["od"]?.boolValue ?? false
        changeType = json["ct"]?.stringValue
        top = json["top"]?.doubleValue.map { Int($0) }
    }
}
