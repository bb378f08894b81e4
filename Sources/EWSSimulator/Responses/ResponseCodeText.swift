/// The `MessageText` Exchange sends with each response code (English), from the "ResponseCode" reference page
/// and captured answers.
enum ResponseCodeText {
    static func text(for code: String) -> String {
        switch code {
        case "ErrorItemNotFound": "The specified object was not found in the store."
        case "ErrorFolderNotFound": "The specified folder could not be found in the store."
        case "ErrorInvalidSyncStateData": "Synchronization state data is corrupted or otherwise invalid."
        case "ErrorSyncFolderNotFound": "The specified folder could not be found in the store."
        case "ErrorNonExistentMailbox": "The SMTP address has no mailbox associated with it."
        case "ErrorAccessDenied": "Access is denied. Check credentials and try again."
        case "ErrorImpersonateUserDenied": "The account does not have permission to impersonate the requested user."
        case "ErrorMailboxMoveInProgress": "Mailbox move in progress. Try again later."
        case "ErrorTimeoutExpired": "The operation has timed out."
        case "ErrorInternalServerTransientError": "An internal server error occurred. Try again later."
        case "ErrorServerBusy": "The server cannot service this request right now. Try again later."
        case "ErrorMimeContentConversionFailed": "Content conversion failed."
        case "ErrorCorruptData": "The item is corrupt."
        case "ErrorInvalidIdMalformed": "Id is malformed."
        case "ErrorInvalidServerVersion": "The specified server version is invalid."
        case "ErrorSchemaValidation": "The request failed schema validation"
        case "ErrorInvalidRequest": "The request is invalid."
        case "ErrorInvalidOperation": "The operation is not supported by the simulated server."
        case "ErrorNameResolutionNoResults": "No results were found."
        case "ErrorToFolderNotFound": "The destination folder for the move/copy operation could not be found."
        case "ErrorSavedItemFolderNotFound": "The folder to save the item to could not be found."
        case "ErrorMoveCopyFailed": "The move or copy operation failed."
        case "ErrorIrresolvableConflict":
            "The send or update operation could not be performed because the change key passed in the request does "
                + "not match the current change key for the item."
        case "ErrorInvalidChangeKey": "ChangeKey is invalid."
        case "ErrorFolderExists": "A folder with the specified name already exists."
        case "ErrorInvalidRecipients": "At least one recipient isn't valid."
        case "ErrorInvalidItemForOperationCreateItem":
            "The CreateItem operation can't be used to create the specified item."
        case "ErrorInvalidRestriction": "The restriction is invalid."
        case "ErrorUnsupportedPathForQuery":
            "The property path is not supported for restriction or sort by the simulated server."
        case "ErrorInvalidPropertyRequest": "The property request is invalid."
        default: "An error occurred."
        }
    }
}
