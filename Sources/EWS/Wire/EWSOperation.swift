/// The EWS operations this wire layer speaks; the raw value is the SOAP element name, usable as a metric label.
public enum EWSOperation: String, Sendable, Hashable, CaseIterable {
    case syncFolderHierarchy = "SyncFolderHierarchy"
    case syncFolderItems = "SyncFolderItems"
    case getItem = "GetItem"
    case getFolder = "GetFolder"
    case findFolder = "FindFolder"
    case getAttachment = "GetAttachment"
}
