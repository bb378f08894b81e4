/// A parsed EWS answer: the operation's response messages, one per requested id (or one for a sync page),
/// or the SOAP fault that refused the whole request.
public enum EWSResponse<Message: Sendable>: Sendable {
    case messages([Message])
    case fault(EWSSOAPFault)

    /// The response messages, or `nil` for a fault.
    public var messages: [Message]? {
        if case .messages(let messages) = self { return messages }
        return nil
    }

    /// The fault, or `nil` when the server answered with response messages.
    public var fault: EWSSOAPFault? {
        if case .fault(let fault) = self { return fault }
        return nil
    }
}

extension EWSResponse: Equatable where Message: Equatable {}
extension EWSResponse: Hashable where Message: Hashable {}
