/// The `ResponseClass` attribute of every EWS response message.
public enum EWSResponseClass: String, Sendable, Hashable, CaseIterable {
    case success = "Success"
    /// The operation stopped early or partly succeeded; the code says why.
    case warning = "Warning"
    case error = "Error"
}
