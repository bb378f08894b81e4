/// The schema version a request asks for, sent as `<t:RequestServerVersion Version="…"/>`.
///
/// Exchange answers in the shape of the version asked for; a version the server does not know is refused with
/// `ErrorInvalidServerVersion` (exchangelib `version.py`). `exchange2016` also covers Exchange 2019 and Exchange
/// Online.
public enum EWSServerVersion: String, Sendable, Hashable, CaseIterable {
    case exchange2010 = "Exchange2010"
    case exchange2010SP1 = "Exchange2010_SP1"
    /// Also the version to ask Exchange 2010 SP3 for.
    case exchange2010SP2 = "Exchange2010_SP2"
    case exchange2013 = "Exchange2013"
    case exchange2013SP1 = "Exchange2013_SP1"
    case exchange2016 = "Exchange2016"
}
