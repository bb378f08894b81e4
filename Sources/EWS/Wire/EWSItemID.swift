/// An EWS item identifier (`<t:ItemId Id="…" ChangeKey="…"/>`).
///
/// Ids are case-sensitive and can be longer than 512 bytes; a move gives the item a new id
/// ("EWS identifiers in Exchange").
public struct EWSItemID: Hashable, Sendable {
    /// The `Id` attribute, exactly as the server sent it.
    public var id: String
    /// The `ChangeKey` attribute: which version of the item this is. `nil` when the server sent none.
    public var changeKey: String?

    public init(id: String, changeKey: String? = nil) {
        self.id = id
        self.changeKey = changeKey
    }
}
