import Foundation
import MIME

/// A calendar day as SEARCH takes it (RFC 3501 §9 `date`: `1-Feb-1994`), without time or zone: servers compare it
/// with the internal date in their own time zone.
public struct SearchDate: Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Nil for a day that does not exist or a year outside 1...9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= InternalDate.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The UTC day that `date` falls on.
    public init(_ date: Date) {
        let seconds = InternalDate.epochSeconds(date)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let civil = CivilDate.date(fromDays: days)
        self.year = civil.year
        self.month = civil.month
        self.day = civil.day
    }

    public var description: String {
        "\(day)-\(InternalDate.monthNames[month - 1])-\(year)"
    }
}
