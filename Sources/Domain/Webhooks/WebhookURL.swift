import Foundation

/// The rule for a webhook target's URL: `https://` anywhere, `http://` only to this machine (`localhost` or a
/// loopback address), with a host, without user information or fragment. Where the URL may connect is the
/// outbound policy's business, checked at every delivery.
public enum WebhookURL {
    /// The URL's problem in words for the `url` field; nil when it is acceptable.
    public static func problem(_ text: String) -> String? {
        guard text.utf8.count <= 2_048 else { return "is longer than 2,048 bytes" }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            return "must be an absolute https:// URL with a host"
        }
        guard components.user == nil, components.password == nil else {
            return "must not carry a user name or password"
        }
        guard components.fragment == nil else { return "must not have a #fragment" }
        if let port = components.port, !(1...65_535).contains(port) { return "has a port outside 1-65535" }
        switch scheme {
        case "https": return nil
        case "http": return isLoopback(host) ? nil : "must use https (http only to localhost or a loopback address)"
        default: return "must use https (http only to localhost or a loopback address)"
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        if bare.lowercased() == "localhost" || bare == "::1" { return true }
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
