import Foundation

/// A server's `Retry-After` (RFC 9110 §10.2.3), for every client that honours one: Exchange, Entra ID, Microsoft
/// Graph and webhook receivers.
public enum RetryAfter {
    /// The wait `value` asks for: delay-seconds, which may be fractional as Microsoft Graph sends them
    /// (learn.microsoft.com/graph/throttling: `Retry-After: 2.128`), or an HTTP date (IMF-fixdate, or the obsolete
    /// RFC 850 and asctime forms recipients must accept). Kept to the millisecond and rounded up, so a wait is
    /// never shorter than asked; a date already past is zero. Nil when absent or unreadable.
    public static func duration(_ value: String?, now: Date = Date()) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Int(value), seconds >= 0 { return .seconds(seconds) }
        if value.first?.isNumber == true, let seconds = Double(value), seconds.isFinite, seconds >= 0,
           seconds < 86_400 * 365 {
            return .milliseconds(Int64((seconds * 1_000).rounded(.up)))
        }
        for format in httpDateFormats {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: value) {
                return .milliseconds(max(0, Int64((date.timeIntervalSince(now) * 1_000).rounded(.up))))
            }
        }
        return nil
    }

    /// IMF-fixdate, then the obsolete RFC 850 and asctime forms.
    static let httpDateFormats = ["EEE, dd MMM yyyy HH:mm:ss 'GMT'", "EEEE, dd-MMM-yy HH:mm:ss 'GMT'",
                                  "EEE MMM d HH:mm:ss yyyy"]
}
