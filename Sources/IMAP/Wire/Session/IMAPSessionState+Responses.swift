extension IMAPSessionState {
    /// A tagged response (RFC 3501 §7.1) completes its command and may change the connection state.
    mutating func completed(_ response: TaggedResponse) -> [SessionAction] {
        guard let command = takePending(response.tag) else {
            return [.protocolError(reason: "tagged response for unknown command")]
        }
        var actions: [SessionAction] = []
        if case .capability(let list) = response.code { setCapabilities(list) }
        switch (command.kind, response.status) {
        case (.login, .ok):
            connectionState = .authenticated
            if case .capability = response.code {} else { invalidateCapabilities() }
        case (.startTLS, .ok):
            invalidateCapabilities()
            actions.append(.startTLS)
        case (.select(let mailbox, let examine), .ok):
            connectionState = .selected(mailbox, readOnly: examine || response.code == .readOnly)
        case (.select, .no):
            // A failed SELECT leaves no mailbox selected (RFC 3501 §6.3.1).
            if case .selected = connectionState { connectionState = .authenticated }
        case (.deselect, .ok):
            connectionState = .authenticated
        case (.logout, _):
            connectionState = .logout
        case (.idle, _):
            isIdling = false
        default:
            break
        }
        actions.append(.commandCompleted(command: command.name, response: response))
        return actions + unblockIfWaiting(on: response.tag)
    }

    /// Untagged responses (RFC 3501 §7) that carry state: the greeting, BYE, capabilities, ENABLED, CLOSED.
    mutating func untagged(_ response: UntaggedResponse) -> [SessionAction] {
        var actions: [SessionAction] = []
        switch response {
        case .condition(let condition, let code, let text):
            if case .capability(let list) = code { setCapabilities(list) }
            if code == .closed, case .selected = connectionState { connectionState = .authenticated }
            switch condition {
            case .bye:
                connectionState = .logout
                actions.append(.serverClosing(reason: text))
                actions += abortPendingCommands(reason: text)
            case .preauth where !greetingReceived:
                connectionState = .authenticated
            default:
                break
            }
            greetingReceived = true
        case .capability(let list):
            setCapabilities(list)
        case .enabled(let list):
            enabled.formUnion(list)
        default:
            break
        }
        return [.untagged(response)] + actions
    }
}
