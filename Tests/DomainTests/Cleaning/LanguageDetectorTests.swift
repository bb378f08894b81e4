import Domain
import Testing

struct LanguageDetectorTests {
    @Test(arguments: [
        ("en", "Hi Jane, could you please send me the report by Friday? We need it for the meeting with the client."),
        ("en", "Thanks for getting back to me so quickly. I've attached the signed contract and the invoice."),
        ("de", "Hallo Herr Müller, können Sie mir bitte die Rechnung noch einmal schicken? Sie kam nie an."),
        ("de", "Vielen Dank für Ihre Nachricht. Ich bin ab Montag wieder im Büro und melde mich dann bei Ihnen."),
        ("fr", "Bonjour Madame, pourriez-vous m'envoyer la facture de mars ? Nous ne l'avons pas encore reçue. Merci."),
        ("fr", "Je vous remercie pour votre retour rapide, le contrat signé est en pièce jointe."),
        ("es", "Hola Carlos, ¿puedes enviarme el informe antes del viernes? Lo necesitamos para la reunión."),
        ("it", "Buongiorno, vorrei sapere se la fattura è stata pagata. Non abbiamo ancora ricevuto il pagamento."),
        ("pt", "Olá João, você pode me enviar o relatório até sexta-feira? Precisamos dele para a reunião."),
        ("nl", "Hallo Pieter, kun je mij het rapport voor vrijdag sturen? We hebben het nodig voor de vergadering."),
        ("sv", "Hej Anna, kan du skicka rapporten till mig före fredag? Vi behöver den till mötet med kunden. Tack!"),
        ("da", "Hej Mette, kan du sende mig rapporten inden fredag? Vi har brug for den til mødet med kunden. Tak."),
        ("no", "Hei Kari, kan du sende meg rapporten før fredag? Vi trenger den til møtet. Takk for hjelpen."),
        ("fi", "Hei Mikko, voitko lähettää minulle raportin ennen perjantaita? Tarvitsemme sen kokoukseen. Kiitos."),
        ("pl", "Dzień dobry, czy może Pan przesłać mi raport do piątku? Potrzebujemy go na spotkanie z klientem."),
        ("cs", "Dobrý den, můžete mi prosím poslat zprávu do pátku? Potřebujeme ji na schůzku se zákazníkem. Děkuji."),
        ("tr", "Merhaba Ahmet, raporu cuma gününe kadar bana gönderebilir misin? Toplantı için buna ihtiyacımız var."),
        ("ro", "Bună ziua, vă rog să îmi trimiteți raportul până vineri. Avem nevoie de el pentru întâlnire."),
        ("hu", "Jó napot, el tudná küldeni nekem a jelentést péntekig? Szükségünk van rá a megbeszéléshez. Köszönöm."),
        ("sv", "Jag har inte fått fakturan ännu, kan du skicka den igen?"),
        ("da", "Jeg har ikke modtaget fakturaen endnu, kan du sende den igen?"),
        ("no", "Jeg har ikke mottatt fakturaen ennå, kan du sende den igjen?"),
        ("pl", "Nie otrzymałem jeszcze faktury, czy możesz ją wysłać ponownie?"),
        ("cs", "Ještě jsem nedostal fakturu, můžete ji poslat znovu?"),
        ("pt", "Ainda não recebi a fatura, você pode enviá-la novamente?"),
        ("es", "Todavía no he recibido la factura, ¿puedes enviarla de nuevo?"),
        ("zh", "您好，请在周五之前把报告发给我。我们需要在与客户开会时使用。谢谢！"),
        ("ja", "お世話になっております。金曜日までに報告書を送っていただけますか。よろしくお願いいたします。"),
        ("ko", "안녕하세요, 금요일까지 보고서를 보내주실 수 있나요? 고객과의 회의에 필요합니다. 감사합니다."),
        ("ru", "Здравствуйте, не могли бы вы прислать мне отчёт до пятницы? Он нужен нам для встречи с клиентом."),
        ("uk", "Добрий день, чи не могли б ви надіслати мені звіт до п'ятниці? Він потрібен нам для зустрічі."),
        ("bg", "Здравейте, моля изпратете ми отчета до петък. Нуждаем се от него за срещата с клиента във вторник."),
        ("el", "Καλημέρα, θα μπορούσατε να μου στείλετε την αναφορά μέχρι την Παρασκευή; Ευχαριστώ πολύ."),
        ("he", "שלום, האם תוכל לשלוח לי את הדוח עד יום שישי? אנחנו צריכים אותו לפגישה עם הלקוח. תודה."),
        ("ar", "مرحبا، هل يمكنك إرسال التقرير قبل يوم الجمعة؟ نحتاجه للاجتماع مع العميل. شكرا جزيلا."),
        ("fa", "سلام، لطفا گزارش را تا روز جمعه برای من بفرستید. ما برای جلسه با مشتری به آن نیاز داریم."),
        ("th", "สวัสดีครับ ช่วยส่งรายงานให้ผมภายในวันศุกร์ได้ไหมครับ ขอบคุณมากครับ"),
        ("hi", "नमस्ते, क्या आप मुझे शुक्रवार तक रिपोर्ट भेज सकते हैं? ग्राहक के साथ बैठक के लिए हमें इसकी ज़रूरत है।"),
    ])
    func detectsTheLanguage(_ expected: String, _ text: String) {
        #expect(LanguageDetector.detect(text) == expected)
    }

    @Test(arguments: [
        "",
        "Thanks!",
        "OK 👍",
        "好的",
        "12345 67890 2025-01-06 +49 30 1234567",
        "https://example.com/a/b/c?x=1&y=2 https://example.org/report.pdf",
        "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do",
        "Добар дан, можете ли ми послати извештај до петка? Хвала вам пуно на помоћи.",
    ])
    func isUnsureAboutShortOrAmbiguousText(_ text: String) {
        #expect(LanguageDetector.detect(text) == nil)
    }

    @Test func ignoresQuotedEnglishNamesInJapanese() {
        let text = "John Smith様、Contoso Ltd.の件でご連絡いたします。来週の会議の資料をお送りします。"
        #expect(LanguageDetector.detect(text) == "ja")
    }

    @Test func isDeterministic() {
        let text = "Hej, tak for i dag. Vi ses i morgen."
        let first = LanguageDetector.detect(text)
        #expect((0..<20).allSatisfy { _ in LanguageDetector.detect(text) == first })
    }
}
