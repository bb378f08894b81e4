/// A bound of a ``SequenceRange``: a number or `*`.
public enum SequenceBound: Hashable, Sendable, CustomStringConvertible {
    case number(UInt32)
    case star

    public var description: String {
        switch self {
        case .number(let value): String(value)
        case .star: "*"
        }
    }
}

/// One element of a ``SequenceSet``: `n`, `*`, `n:m`, `n:*`.
public struct SequenceRange: Hashable, Sendable, CustomStringConvertible {
    public var lower: SequenceBound
    public var upper: SequenceBound

    public init(lower: SequenceBound, upper: SequenceBound) {
        self.lower = lower
        self.upper = upper
    }

    public init(_ range: ClosedRange<UInt32>) {
        self.init(lower: .number(range.lowerBound), upper: .number(range.upperBound))
    }

    public init(_ number: UInt32) {
        self.init(lower: .number(number), upper: .number(number))
    }

    public var description: String {
        lower == upper ? lower.description : "\(lower):\(upper)"
    }

    /// The range with `*` replaced by `star`; bounds may come in either order on the wire.
    public func resolved(star: UInt32) -> ClosedRange<UInt32> {
        let first: UInt32
        let second: UInt32
        switch lower {
        case .number(let value): first = value
        case .star: first = star
        }
        switch upper {
        case .number(let value): second = value
        case .star: second = star
        }
        return min(first, second)...max(first, second)
    }
}
