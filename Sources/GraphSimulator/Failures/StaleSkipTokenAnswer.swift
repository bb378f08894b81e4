import Foundation

/// How the simulator answers a `$skiptoken` of an invalidated round (a `@odata.nextLink` saved as a cursor and
/// followed after Exchange evicted its sync state), when not with 410 as for delta tokens: the 400 answers seen.
/// Graph documents only `syncStateNotFound` by name (devblogs.microsoft.com/microsoft365dev, "Duration of change tracking tokens", 2020:
/// "a BadRequest response with the error code syncStateNotFound"); Exchange's own code for a sync state it can't use
/// is `ErrorInvalidSyncStateData` (learn.microsoft.com/exchange/client-developer/exchange-web-services/
/// handling-synchronization-related-errors-in-ews-in-exchange), which Outlook's REST layer passes through as it does
/// ErrorItemNotFound and ErrorInvalidUser; other workloads answer a generic `BadRequest` whose inner error says
/// "invalid sync state" (microsoftgraph/microsoft-graph-devx-api#1907).
public enum StaleSkipTokenAnswer: String, Sendable, Hashable, CaseIterable {
    case errorInvalidSyncStateData = "ErrorInvalidSyncStateData"
    case syncStateNotFound
    case syncStateInvalid = "SyncStateInvalid"
    case invalidSyncStateInnerError = "BadRequest"

    var error: GraphError {
        switch self {
        case .errorInvalidSyncStateData:
            GraphError(400, rawValue, "Sync state data is corrupt or otherwise invalid.")
        case .syncStateNotFound:
            GraphError(400, rawValue, "The sync state generation is not found. The delta token is expired and data "
                       + "must be synchronized again.")
        case .syncStateInvalid:
            GraphError(400, rawValue, "The sync state is invalid.")
        case .invalidSyncStateInnerError:
            GraphError(400, rawValue, "ParsingFailed", innerCode: "1", innerMessage: "invalid sync state")
        }
    }
}

