import EntraSimulator
import Foundation

/// Answers one POST to `/EWS/Exchange.asmx` in four steps: authentication (connection state, under the lock),
/// reading the SOAP request (no lock), admission (injected failures, schema version, impersonation; under the
/// lock, which also takes a snapshot of the store) and the operation (on the snapshot, no lock). No I/O: the
/// server feeds it bytes and headers and writes back the ``HTTPAnswer``.
struct RequestPipeline: Sendable {
    let configuration: EWSSimulatorConfiguration

    /// What admission decided: an answer now, or an operation to run on a snapshot.
    enum Admission: Sendable {
        case answer(HTTPAnswer)
        case execute(OperationExecutor, SOAPRequest)
    }

    /// Step 1, with the lock held: the connection's authentication state moves on.
    /// - Returns: the login, or the 401 to send.
    func authenticate(
        connection: ObjectIdentifier,
        authorization: String?,
        state: inout SimulatorState
    ) -> Result<String, HTTPAnswerBox> {
        var authenticator =
            state.connections[connection]
            ?? ConnectionAuthenticator(
                ntlmDomain: configuration.ntlmDomain, keyExchangeAndMIC: configuration.ntlmKeyExchangeAndMIC,
                channelBinding: state.channelBinding
            )
        let now = Date()
        let identity = state.identity
        let action = authenticator.evaluate(authorization: authorization, configuration: configuration) { token in
            identity.token(token, at: now)?.attachment.login
        }
        state.connections[connection] = authenticator
        switch action {
        case .proceed(let login): return .success(login)
        case .challenge(let offers): return .failure(HTTPAnswerBox(.unauthorized(offers)))
        }
    }

    /// Step 2: the SOAP request, or the schema-validation fault Exchange sends for XML it can't read.
    func decode(_ body: [UInt8]) -> Result<SOAPRequest, HTTPAnswerBox> {
        do {
            return .success(try SOAPRequest(try XMLTreeReader.read(body)))
        } catch {
            return .failure(HTTPAnswerBox(.soap(SOAPEnvelope.fault(code: "ErrorSchemaValidation"), status: 500)))
        }
    }

    /// Step 3, with the lock held: records the operation, uses up an injected failure, checks the header.
    func admit(_ request: SOAPRequest, login: String, state: inout SimulatorState) -> Admission {
        state.operations.append(request.operation)
        let account = configuration.account(named: login)
        let executor = OperationExecutor(
            store: state.store,
            access: MailboxAccess(store: state.store, effectiveAccount: account, defaultMailbox: account?.smtpAddress),
            version: configuration.serverVersion
        )
        // The mailbox a request is for, as far as failures scoped to one are concerned: the impersonated one, else
        // the login's own.
        let targetMailbox: String? = if case .smtpAddress(let address)? = request.impersonation { address }
            else { account?.smtpAddress }
        if let failure = state.failures.take(for: request.operation, mailbox: targetMailbox) {
            return .answer(injected(failure, request: request, executor: executor))
        }
        if let version = request.requestServerVersion, !SOAPRequest.knownVersions.contains(version) {
            return .answer(.soap(SOAPEnvelope.fault(code: "ErrorInvalidServerVersion"), status: 500))
        }
        guard let target = request.impersonation else { return admitted(executor, request, state: &state) }
        guard account?.canImpersonate == true else {
            return .answer(.soap(SOAPEnvelope.fault(code: "ErrorImpersonateUserDenied"), status: 500))
        }
        guard let smtpAddress = impersonatedMailbox(target), state.store.mailbox(smtpAddress) != nil else {
            return .answer(.soap(SOAPEnvelope.fault(code: "ErrorNonExistentMailbox"), status: 500))
        }
        // The impersonating account acts with the owner's rights: the owner's mailbox and what is shared with it.
        let owner = configuration.accounts.first {
            $0.smtpAddress.map(SimulatorStore.mailboxKey) == SimulatorStore.mailboxKey(smtpAddress)
        }
        let access = MailboxAccess(
            store: state.store,
            effectiveAccount: owner
                ?? EWSSimulatorConfiguration.Account(
                    login: smtpAddress, password: "", smtpAddress: smtpAddress
                ),
            defaultMailbox: smtpAddress
        )
        return admitted(
            OperationExecutor(store: state.store, access: access, version: configuration.serverVersion), request,
            state: &state
        )
    }

    /// Operations that change the store run here, under the lock, so that two requests never act on the same
    /// snapshot; the others run later on the snapshot.
    private func admitted(_ executor: OperationExecutor, _ request: SOAPRequest, state: inout SimulatorState)
        -> Admission
    {
        guard WriteOperations.operations.contains(request.operation) else { return .execute(executor, request) }
        return .answer(.soap(WriteOperations(executor).run(request, store: &state.store)))
    }

    /// Step 4: the operation's answer, or, for an operation the simulator doesn't implement, the schema-validation
    /// fault Exchange sends for a body element its schema doesn't have. (Not ErrorInvalidRequest: clients such as
    /// exchangelib take that for a wrong schema version and retry the request with every other version.)
    func execute(_ executor: OperationExecutor, _ request: SOAPRequest) -> HTTPAnswer {
        guard let body = executor.run(request) else {
            let violation = "The element '\(request.operation)' in namespace '\(request.body.namespace)' is not "
                + "expected: the simulated server does not implement the \(request.operation) operation."
            return .soap(SOAPEnvelope.fault(code: "ErrorSchemaValidation", violation: violation), status: 500)
        }
        return .soap(body)
    }

    private func impersonatedMailbox(_ target: SOAPRequest.ImpersonationTarget) -> String? {
        switch target {
        case .smtpAddress(let address): address
        case .principalName(let name): configuration.account(named: name)?.smtpAddress ?? name
        case .sid: nil
        }
    }

    private func injected(_ failure: InjectedFailure, request: SOAPRequest, executor: OperationExecutor) -> HTTPAnswer {
        let code: String
        switch failure {
        case .serverBusy(let backOff):
            return .soap(SOAPEnvelope.fault(code: "ErrorServerBusy", backOffMilliseconds: backOff), status: 500)
        case .serverBusyInResponseMessage(let backOff):
            let status = SOAPEnvelope.Status(code: "ErrorServerBusy", backOffMilliseconds: backOff)
            return .soap(executor.failure(request, status: status))
        case .http503:
            return HTTPAnswer(
                status: 503, contentType: "text/html",
                body: Array("<html><body><h1>Service Unavailable</h1></body></html>".utf8)
            )
        case .http429(let retryAfter):
            return HTTPAnswer(status: 429, retryAfter: retryAfter, body: [])
        case .impersonateUserDenied:
            return .soap(SOAPEnvelope.fault(code: "ErrorImpersonateUserDenied"), status: 500)
        case .dropConnection:
            return .dropped
        case .unauthorized:
            var answer = HTTPAnswer.unauthorized(ConnectionAuthenticator.offers(configuration.authentication))
            answer.resetsAuthentication = true
            return answer
        case .responseCode(let responseCode): code = responseCode
        case .invalidSyncState: code = "ErrorInvalidSyncStateData"
        case .syncFolderNotFound: code = "ErrorSyncFolderNotFound"
        case .nonExistentMailbox: code = "ErrorNonExistentMailbox"
        case .accessDenied: code = "ErrorAccessDenied"
        case .mailboxMoveInProgress: code = "ErrorMailboxMoveInProgress"
        case .timeoutExpired: code = "ErrorTimeoutExpired"
        case .internalServerTransientError: code = "ErrorInternalServerTransientError"
        }
        return .soap(executor.failure(request, status: SOAPEnvelope.Status(code: code)))
    }
}

/// An ``HTTPAnswer`` as the failure side of a `Result`.
struct HTTPAnswerBox: Error, Sendable {
    let answer: HTTPAnswer

    init(_ answer: HTTPAnswer) {
        self.answer = answer
    }
}
