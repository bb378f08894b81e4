/// Ids derived from names, so the same declaration (in a configuration file, on the command line) always gets the
/// same id.
public enum StableID {
    public static func make(_ parts: String...) -> String {
        String(ContentHash.sha256Hex(parts.joined(separator: "\u{1F}").utf8).prefix(16))
    }
}
