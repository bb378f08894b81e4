/// The most frequent words of each Latin-script language ``LanguageDetector`` scores, lower case.
///
/// Drawn from common stop-word lists and trimmed to function words and mail courtesies ("thanks", "bitte",
/// "merci"). Lists overlap on purpose (Danish, Norwegian and Swedish share most of theirs); what decides is the
/// words only one list has, so each keeps its distinctive forms (Danish "af", "mig", "hvad" against Norwegian
/// "av", "meg", "hva"). Apostrophes split words, which is why English has "s" and "t" and French "j" and "qu".
enum LanguageStopWords {
    /// Languages in a fixed order, so that scoring is deterministic.
    static let all: [(language: String, words: Set<String>)] = [
        ("en", english), ("de", german), ("fr", french), ("es", spanish), ("it", italian), ("pt", portuguese),
        ("nl", dutch), ("sv", swedish), ("da", danish), ("no", norwegian), ("fi", finnish), ("pl", polish),
        ("cs", czech), ("tr", turkish), ("ro", romanian), ("hu", hungarian),
    ]

    /// Letters only one of the languages uses, each occurrence worth one frequent word: they settle short
    /// texts such as "Adjunto la factura de enero." where the frequent words are shared.
    static let distinctiveLetters: [Character: String] = [
        "ñ": "es", "¿": "es", "¡": "es", "ã": "pt", "õ": "pt", "è": "fr", "ê": "fr", "œ": "fr", "û": "fr",
        "ß": "de", "ł": "pl", "ą": "pl", "ę": "pl", "ś": "pl", "ź": "pl", "ż": "pl", "ń": "pl", "ć": "pl",
        "ř": "cs", "ě": "cs", "ů": "cs", "ș": "ro", "ț": "ro", "ă": "ro", "ţ": "ro", "ı": "tr", "ğ": "tr",
        "ő": "hu", "ű": "hu",
    ]

    private static let english: Set<String> = [
        "the", "be", "to", "of", "and", "a", "in", "that", "have", "i", "it", "for", "not", "on", "with", "he",
        "as", "you", "do", "at", "this", "but", "his", "by", "from", "they", "we", "she", "or", "an", "will", "my",
        "all", "would", "there", "their", "what", "so", "up", "out", "if", "about", "who", "get", "which", "me",
        "is", "are", "was", "were", "been", "has", "had", "can", "please", "thanks", "our", "your", "could",
        "should", "just", "let", "know", "s", "t", "ll", "m", "don", "hi",
    ]

    private static let german: Set<String> = [
        "der", "die", "und", "in", "den", "von", "zu", "das", "mit", "sich", "des", "auf", "für", "ist", "im",
        "dem", "nicht", "ein", "eine", "als", "auch", "es", "an", "werden", "aus", "er", "hat", "dass", "sie",
        "nach", "wird", "bei", "einer", "um", "am", "sind", "noch", "wie", "einem", "über", "einen", "so", "zum",
        "war", "haben", "nur", "oder", "aber", "vor", "zur", "bis", "durch", "ich", "wir", "ihr", "bitte",
        "danke", "mir", "uns", "kann", "können", "gerne", "ihnen", "diese", "habe", "hallo", "sehr", "wenn",
        "schon",
    ]

    private static let french: Set<String> = [
        "de", "la", "le", "et", "les", "des", "en", "un", "une", "du", "que", "est", "pour", "qui", "dans",
        "par", "plus", "pas", "au", "sur", "ne", "se", "ce", "il", "sont", "avec", "ou", "mais", "nous", "vous",
        "je", "cette", "été", "aux", "ont", "leur", "elle", "bien", "merci", "votre", "vos", "notre", "très",
        "peut", "tout", "si", "on", "avons", "avez", "suis", "être", "bonjour", "ai", "j", "c", "d", "l", "n",
        "qu",
    ]

    private static let spanish: Set<String> = [
        "de", "la", "que", "el", "en", "y", "a", "los", "se", "del", "las", "un", "por", "con", "no", "una",
        "su", "para", "es", "al", "lo", "como", "más", "pero", "sus", "le", "ya", "este", "sí", "porque", "esta",
        "cuando", "muy", "sin", "sobre", "también", "me", "hasta", "hay", "donde", "desde", "todo", "nos",
        "les", "gracias", "usted", "está", "estamos", "puede", "hola", "favor", "tenemos", "necesito", "quiero",
    ]

    private static let italian: Set<String> = [
        "il", "di", "che", "e", "la", "è", "per", "un", "in", "non", "una", "sono", "del", "della", "da", "con",
        "si", "le", "i", "gli", "ma", "come", "anche", "più", "ho", "mi", "ci", "questo", "questa", "alla",
        "ha", "hanno", "grazie", "molto", "cosa", "tutto", "io", "noi", "abbiamo", "essere", "nel", "nella",
        "dei", "delle", "al", "lo", "sei", "siamo", "buongiorno", "vorrei", "l",
    ]

    private static let portuguese: Set<String> = [
        "de", "a", "o", "que", "e", "do", "da", "em", "um", "para", "é", "com", "não", "uma", "os", "no", "se",
        "na", "por", "mais", "as", "dos", "como", "mas", "foi", "ao", "ele", "das", "tem", "à", "seu", "sua",
        "ou", "ser", "quando", "muito", "há", "nos", "já", "está", "eu", "também", "só", "pelo", "pela", "até",
        "isso", "ela", "você", "obrigado", "obrigada", "estamos", "podemos", "são", "olá", "nossa", "nosso",
    ]

    private static let dutch: Set<String> = [
        "de", "en", "van", "ik", "te", "dat", "die", "in", "een", "hij", "het", "niet", "zijn", "is", "was",
        "op", "aan", "met", "als", "voor", "had", "er", "maar", "om", "hem", "dan", "zou", "of", "wat", "mijn",
        "dit", "zo", "door", "over", "ze", "zich", "bij", "ook", "tot", "je", "mij", "uit", "naar", "heb",
        "hoe", "heeft", "hebben", "deze", "u", "want", "nog", "zal", "we", "wij", "jullie", "graag", "bedankt",
        "kunnen", "kan", "geen", "moet", "wordt", "worden", "hallo", "uw", "onze", "ons",
    ]

    private static let swedish: Set<String> = [
        "och", "det", "att", "i", "en", "jag", "hon", "som", "han", "på", "den", "med", "var", "sig", "för",
        "så", "till", "är", "men", "ett", "om", "hade", "de", "av", "inte", "mig", "du", "då", "sin", "nu",
        "har", "hans", "skulle", "där", "min", "man", "vid", "kunde", "något", "från", "ut", "när", "efter",
        "upp", "vi", "dem", "vara", "vad", "över", "än", "dig", "kan", "här", "ha", "mot", "alla", "eller",
        "allt", "mycket", "sedan", "detta", "hur", "ingen", "ni", "blir", "oss", "tack", "hej", "vill", "ska",
    ]

    private static let danish: Set<String> = [
        "og", "i", "jeg", "det", "at", "en", "den", "til", "er", "som", "på", "de", "med", "han", "af", "for",
        "ikke", "der", "var", "mig", "sig", "men", "et", "har", "om", "vi", "min", "havde", "ham", "hun", "nu",
        "over", "da", "fra", "du", "ud", "sin", "dem", "os", "op", "hvor", "eller", "hvad", "skal", "selv",
        "her", "alle", "vil", "blev", "kunne", "når", "være", "noget", "ville", "jeres", "efter", "dette",
        "også", "have", "dig", "meget", "hvis", "nogle", "hos", "bliver", "tak", "hej", "venlig", "hilsen",
        "kan", "igen", "endnu",
    ]

    private static let norwegian: Set<String> = [
        "og", "i", "jeg", "det", "at", "en", "et", "den", "til", "er", "som", "på", "de", "med", "han", "av",
        "ikke", "der", "så", "var", "meg", "seg", "men", "har", "om", "vi", "min", "mitt", "ha", "hadde", "hun",
        "nå", "over", "da", "ved", "fra", "du", "ut", "sin", "dem", "oss", "opp", "kan", "hvor", "eller", "hva",
        "skal", "selv", "her", "alle", "vil", "bli", "ble", "blitt", "kunne", "når", "være", "noen", "noe",
        "dere", "etter", "for", "deg", "å", "dette", "hvordan", "ingen", "blir", "også", "bare", "fordi",
        "takk", "hei", "vennlig", "hilsen", "igjen", "ennå",
    ]

    private static let finnish: Set<String> = [
        "ja", "on", "ei", "se", "että", "oli", "hän", "mutta", "kun", "niin", "ovat", "olla", "kanssa", "myös",
        "tai", "jos", "joka", "mitä", "vain", "sen", "siitä", "kuin", "nyt", "minä", "sinä", "me", "te", "he",
        "olen", "olet", "olemme", "ole", "tämä", "tässä", "tästä", "tätä", "siis", "jo", "vielä", "sitten",
        "kaikki", "koska", "mukaan", "mikä", "voi", "kiitos", "teidän", "meidän", "minun", "sinun", "hänen",
        "joten", "vai", "kuitenkin", "hei", "onko", "voitteko", "meille", "teille",
    ]

    private static let polish: Set<String> = [
        "i", "w", "z", "na", "nie", "się", "do", "to", "że", "jest", "o", "jak", "ale", "a", "od", "po", "tak",
        "co", "za", "czy", "już", "tylko", "jego", "jej", "tym", "ich", "dla", "przez", "może", "być", "mnie",
        "mi", "ten", "ta", "te", "go", "jeszcze", "bardzo", "są", "był", "była", "było", "będzie", "też", "gdy",
        "kiedy", "pan", "pani", "państwo", "proszę", "dziękuję", "jestem", "mamy", "możemy", "który", "która",
        "które", "dzień", "dobry", "pozdrawiam",
    ]

    private static let czech: Set<String> = [
        "a", "se", "na", "v", "je", "že", "to", "s", "z", "do", "o", "k", "i", "jako", "ale", "by", "pro", "tak",
        "jsem", "jsou", "bude", "byl", "byla", "bylo", "už", "jen", "ve", "ze", "po", "od", "co", "jak", "nebo",
        "také", "jsme", "jste", "není", "při", "tento", "tato", "toto", "které", "který", "která", "mi", "mně",
        "vám", "vás", "děkuji", "prosím", "můžete", "bych", "mít", "má", "dobrý", "den", "pozdravem", "ještě",
    ]

    private static let turkish: Set<String> = [
        "ve", "bir", "bu", "da", "de", "için", "ile", "çok", "ne", "o", "gibi", "daha", "ama", "ben", "sen",
        "biz", "siz", "var", "yok", "olarak", "en", "mi", "mı", "mu", "mü", "kadar", "sonra", "şey", "her",
        "değil", "olan", "ya", "veya", "ki", "diye", "bana", "size", "bize", "şu", "nasıl", "neden", "teşekkür",
        "teşekkürler", "lütfen", "ederim", "merhaba", "iyi", "tüm", "göre", "ancak", "sadece", "günler",
    ]

    private static let romanian: Set<String> = [
        "și", "şi", "în", "de", "la", "a", "cu", "pe", "nu", "că", "o", "un", "este", "din", "care", "mai",
        "pentru", "se", "sunt", "ca", "sau", "dar", "ce", "ai", "al", "ale", "am", "are", "fi", "fost", "vă",
        "mă", "ne", "lor", "lui", "ei", "noi", "această", "acest", "aceasta", "foarte", "mulțumesc",
        "mulţumesc", "vom", "poate", "dacă", "când", "după", "prin", "bună", "ziua", "rog", "să", "vreau",
    ]

    private static let hungarian: Set<String> = [
        "a", "az", "és", "hogy", "nem", "is", "egy", "meg", "de", "van", "volt", "ez", "azt", "csak", "már",
        "még", "mint", "ki", "be", "le", "fel", "el", "vagy", "ha", "mert", "akkor", "amit", "ami", "aki",
        "nagyon", "kell", "lesz", "lehet", "itt", "ott", "én", "te", "ő", "mi", "ti", "ők", "vagyok", "vagyunk",
        "köszönöm", "kérem", "kérjük", "szeretnék", "önnek", "nekem", "neki", "után", "között", "szerint",
        "minden", "sok", "jó", "napot", "üdvözlettel",
    ]
}
