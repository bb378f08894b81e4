/// A set of message sequence numbers or UIDs as written on the wire: `1,3:5,7:*` (RFC 3501 §9 `sequence-set`,
/// RFC 9051 §9). Ranges keep the order and form they were built or parsed with, so formatting gives back what was
/// parsed.
///
/// `*` stands for the largest number in use in the mailbox. Caveat for callers: `n:*` always matches the message
/// with the highest UID, even when n is larger than that UID (RFC 3501 §6.4.8; `4:*` is the same as `*:4`), so
/// `UID FETCH <lastUID+1>:*` returns the last message already seen when nothing is new. Filter results by UID.
public struct SequenceSet: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    public var ranges: [SequenceRange]

    public init(_ ranges: [SequenceRange]) {
        self.ranges = ranges
    }

    public init(arrayLiteral elements: SequenceRange...) {
        self.ranges = elements
    }

    /// A set holding exactly the given numbers, compressed into ascending ranges.
    public init(numbers: some Sequence<UInt32>) {
        var result: [SequenceRange] = []
        var current: ClosedRange<UInt32>?
        for number in numbers.sorted() where number > 0 {
            if let range = current {
                if number == range.upperBound { continue }
                if range.upperBound < .max, number == range.upperBound + 1 {
                    current = range.lowerBound...number
                    continue
                }
                result.append(SequenceRange(range))
            }
            current = number...number
        }
        if let range = current { result.append(SequenceRange(range)) }
        self.ranges = result
    }

    /// `n:*`: everything from n on (see the caveat on the type).
    public static func from(_ lower: UInt32) -> SequenceSet {
        SequenceSet([SequenceRange(lower: .number(lower), upper: .star)])
    }

    /// `1:*`: every message.
    public static let all = SequenceSet.from(1)

    /// Parses a `sequence-set` (RFC 3501 §9); nil for anything else, including 0 and an empty string.
    public init?(_ text: String) {
        var cursor = WireCursor(bytes: Array(text.utf8))
        guard let set = try? cursor.sequenceSet(), cursor.isAtEnd else { return nil }
        self = set
    }

    public var description: String {
        ranges.map(\.description).joined(separator: ",")
    }

    public var isEmpty: Bool { ranges.isEmpty }

    /// True when some range has `*` as a bound.
    public var containsStar: Bool { ranges.contains { $0.lower == .star || $0.upper == .star } }

    /// Whether `number` is in the set. `*` is `star` when given (the mailbox's largest number); without it, a range
    /// `n:*` holds every number from n up.
    public func contains(_ number: UInt32, star: UInt32? = nil) -> Bool {
        ranges.contains { $0.resolved(star: star ?? .max).contains(number) }
    }

    /// The concrete ranges, sorted and merged, with `*` replaced by `star`.
    public func normalizedRanges(star: UInt32 = .max) -> [ClosedRange<UInt32>] {
        let sorted = ranges.map { $0.resolved(star: star) }.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt32>] = []
        for range in sorted {
            if let last = merged.last, range.lowerBound <= last.upperBound || range.lowerBound == last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    /// How many distinct numbers the set holds; nil when it contains `*` and `star` is not given.
    public func count(star: UInt32? = nil) -> Int? {
        if containsStar && star == nil { return nil }
        return normalizedRanges(star: star ?? .max).reduce(0) { $0 + $1.count }
    }

    /// The distinct numbers in ascending order, lazily; `*` is `star`, or when not given the other bound of its
    /// range (so `5:*` yields just 5 and a lone `*` yields nothing).
    public func numbers(star: UInt32? = nil) -> some Sequence<UInt32> {
        let concrete: [SequenceRange]
        if let star {
            concrete = ranges.map { SequenceRange($0.resolved(star: star)) }
        } else {
            concrete = ranges.compactMap { range in
                switch (range.lower, range.upper) {
                case (.star, .star): nil
                case (.number(let value), .star), (.star, .number(let value)): SequenceRange(value...value)
                case (.number, .number): range
                }
            }
        }
        return SequenceSet(concrete).normalizedRanges().lazy.flatMap { $0 }
    }
}

/// UIDs use the same syntax as sequence numbers (RFC 3501 §9 `uid-set`, RFC 4315 §4).
public typealias UIDSet = SequenceSet
