/// Turns HTML mail bodies into readable plain text.
///
/// Tolerant of the broken markup mail is full of: unclosed elements, stray `<`, unknown and namespaced tags
/// such as Outlook's `<o:p>`, and conditional comments. Scripts, styles, the head, comments and elements hidden
/// with `display:none` (preheaders) produce nothing. Block elements produce line breaks (paragraphs, headings,
/// and top-level lists a blank line; `<br>` a newline), list items become `- ` or `1. `, table cells are joined
/// with ` | `, links show their target as `text (url)` when it is an http(s) or mailto address that differs
/// from the text, images show `[alt]`, and `<pre>` keeps its whitespace. Elsewhere whitespace collapses as in a
/// browser; non-breaking spaces count as ordinary spaces. Runs in time linear in the input.
public enum HTMLText {
    /// Renders `html` as plain text with LF line endings, at most one blank line in a row, trimmed.
    public static func render(_ html: String) -> String {
        var renderer = HTMLTextRenderer(html)
        return renderer.render()
    }
}
