import Foundation

/// The JSON conventions of the API: snake_case keys (declared per type), ISO 8601 UTC timestamps, stable key order.
public enum JSONCoding {
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Self.format(date))
        }
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be an RFC 3339 time such as 2025-01-06T10:15:00Z")
            }
            return date
        }
        return decoder
    }

    /// "2025-01-06T10:15:00Z", or with milliseconds when the instant has them.
    public static func format(_ date: Date) -> String {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: date.timeIntervalSince1970.rounded() != date
            .timeIntervalSince1970)
        return date.formatted(style)
    }

    /// An RFC 3339 `date-time` (`2025-01-06T10:15:00Z`, `2025-01-06T11:15:00.250+01:00`); nil for anything else,
    /// a day its month doesn't have or trailing text included (Foundation's parser takes `2025-02-30` as 2 March).
    public static func parse(_ text: String) -> Date? {
        RFC3339.parse(text)
    }
}
