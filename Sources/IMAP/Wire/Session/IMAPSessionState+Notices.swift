extension IMAPSessionState {
    /// The change `event` reports, or nil when it answers a command in flight (or says nothing changed): the same
    /// response is an answer to some commands and news during others (``ChangeNotice/Context``). With no command in
    /// flight, or only IDLE, every change is news. Ask before ``receive(_:)`` takes the event.
    public func notice(in event: IMAPResponseEvent) -> ChangeNotice? {
        var notice: ChangeNotice?
        var answering = false
        for command in pendingCommandsByTag.values where command.context != .idle {
            answering = true
            // News only when no command in flight takes it as its answer (the change found is the same in
            // every context that finds one).
            guard let found = ChangeNotice.classify(event, in: command.context) else { return nil }
            notice = found
        }
        return answering ? notice : ChangeNotice.classify(event, in: .idle)
    }
}
