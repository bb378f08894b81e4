/// Corpus messages where Mailstream's answer differs from Python's `email` package on purpose, with the reason.
/// Keys are paths under .corpora; values map a compared field to why ours is the better answer.
enum CorpusExpectations {
    static let betterAnswers: [String: [String: String]] = [
        // Repeated To/Cc headers: Python's msg['cc'] reads only the first; we join them, so no recipient is lost.
        "cpython/msg_20.txt": ["recipients": "three Cc headers, joined"],
        "cpython/msg_25.txt": ["recipients": "two To headers, joined"],
        // message/external-body names an external file; Python descends into it as if it held a message, we list
        // the part and its name as an attachment the user can see.
        "cpython/msg_36.txt": ["attachments": "message/external-body keeps its name"],
        // "From: <>" (the null path): we give the empty address, Python the text "<>".
        "cpython/msg_43.txt": ["from": "null path is the empty address"],
        // message/delivery-status with a file name is an attachment (the bounce report); Python walks into it.
        "mail-parser/mail_malformed_2": ["attachments": "delivery-status report kept as a named attachment"],
        // "From: purchasing@aquillaindustries.com <do-not-reply@ncs.gov.ng>": an unquoted display name that looks
        // like an address. The mailbox is the angle address, where replies go; Python takes the display name.
        "mail-parser/mail_test_15": ["from": "angle address is the mailbox; the phrase is a spoofed name"],
        "mail-parser/mail_test_19": ["from": "angle address is the mailbox; the phrase is a display name"],
        // Subject labelled GB2312 holding a GBK-only character: we decode with GB18030 (a superset, as every mail
        // reader does) and get it right; Python's strict GB2312 codec loses it and the character after it.
        "mail-parser/mail_test_9": ["subject": "GB2312 label, GBK bytes: decoded with the superset"],
    ]
}
