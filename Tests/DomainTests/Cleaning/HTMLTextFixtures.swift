/// HTML bodies shaped like what Outlook, Gmail, Apple Mail and newsletter tools send.
enum HTMLTextFixtures {
    typealias Fixture = HTMLTextTests.Fixture

    static let mail: [Fixture] = [
        Fixture(
            name: "Outlook reply with Word markup",
            html: """
                <html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" \
                xmlns="http://www.w3.org/TR/REC-html40">
                <head>
                <meta http-equiv="Content-Type" content="text/html; charset=utf-8">
                <meta name="Generator" content="Microsoft Word 15 (filtered medium)">
                <!--[if !mso]><style>v\\:* {behavior:url(#default#VML);}
                </style><![endif]--><style><!--
                @font-face {font-family:"Cambria Math";}
                p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; font-size:11.0pt;}
                --></style><!--[if gte mso 9]><xml>
                <o:shapedefaults v:ext="edit" spidmax="1026" />
                </xml><![endif]-->
                </head>
                <body lang="EN-US" link="#0563C1" vlink="#954F72" style="word-wrap:break-word">
                <div class="WordSection1">
                <p class="MsoNormal">Hi Jane,<o:p></o:p></p>
                <p class="MsoNormal"><o:p>&nbsp;</o:p></p>
                <p class="MsoNormal">Thanks, the numbers look right. I&#8217;ll send the signed copy \
                tomorrow.<o:p></o:p></p>
                <p class="MsoNormal"><o:p>&nbsp;</o:p></p>
                <p class="MsoNormal">Best regards,<o:p></o:p></p>
                <p class="MsoNormal">John Smith<o:p></o:p></p>
                <p class="MsoNormal">Account Manager | Contoso Ltd.<o:p></o:p></p>
                <p class="MsoNormal"><o:p>&nbsp;</o:p></p>
                <div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">
                <p class="MsoNormal"><b>From:</b> Jane Doe &lt;jane@example.com&gt; <br>
                <b>Sent:</b> Monday, January 6, 2025 10:15 AM<br>
                <b>To:</b> John Smith &lt;john@contoso.com&gt;<br>
                <b>Subject:</b> RE: Q4 invoice<o:p></o:p></p>
                </div>
                <p class="MsoNormal"><o:p>&nbsp;</o:p></p>
                <p class="MsoNormal">Hi John, could you confirm the totals?<o:p></o:p></p>
                </div>
                </body>
                </html>
                """,
            text: """
                Hi Jane,

                Thanks, the numbers look right. I’ll send the signed copy tomorrow.

                Best regards,
                John Smith
                Account Manager | Contoso Ltd.

                From: Jane Doe <jane@example.com>
                Sent: Monday, January 6, 2025 10:15 AM
                To: John Smith <john@contoso.com>
                Subject: RE: Q4 invoice

                Hi John, could you confirm the totals?
                """
        ),
        Fixture(
            name: "Gmail reply with gmail_quote",
            html: """
                <div dir="ltr">Sounds good, see you then.<div><br></div><div>Jane</div></div><br>\
                <div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, Jan 6, 2025 at 10:15 AM John \
                Smith &lt;<a href="mailto:john@contoso.com">john@contoso.com</a>&gt; wrote:<br></div>\
                <blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid \
                rgb(204,204,204);padding-left:1ex"><div dir="ltr">Can we meet on Tuesday?</div></blockquote></div>
                """,
            text: """
                Sounds good, see you then.

                Jane

                On Mon, Jan 6, 2025 at 10:15 AM John Smith <john@contoso.com> wrote:

                Can we meet on Tuesday?
                """
        ),
        Fixture(
            name: "Apple Mail reply from an iPhone",
            html: """
                <html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>\
                <body dir="auto">Works for me.<br><br><div dir="ltr">Sent from my iPhone</div><div dir="ltr"><br>\
                <blockquote type="cite">On 6 Jan 2025, at 10:15, Jane Doe &lt;jane@example.com&gt; wrote:<br><br>\
                </blockquote></div><blockquote type="cite"><div dir="ltr"><p>Lunch on Friday?</p></div>\
                </blockquote></body></html>
                """,
            text: """
                Works for me.

                Sent from my iPhone

                On 6 Jan 2025, at 10:15, Jane Doe <jane@example.com> wrote:

                Lunch on Friday?
                """
        ),
        Fixture(
            name: "newsletter with preheader, layout tables and tracking pixel",
            html: """
                <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" \
                "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
                <html><head><title>Your March newsletter</title>
                <style type="text/css">body{margin:0} td{padding:0}</style></head>
                <body>
                <span style="display: none !important; max-height:0">Preview: big news&nbsp;&zwnj;&nbsp;</span>
                <table width="100%" cellpadding="0"><tr><td align="center">
                <table width="600"><tr><td><a href="https://shop.example.com/?utm_source=mail">\
                <img src="logo.png" alt="Example Shop" width="120"></a></td></tr>
                <tr><td><h1>Spring sale</h1><p>Save 20% on everything &ndash; this week only.</p>
                <p><a href="https://shop.example.com/sale">Shop now &raquo;</a></p></td></tr>
                <tr><td style="font-size:11px">You received this because you subscribed. \
                <a href="https://shop.example.com/unsubscribe">Unsubscribe</a></td></tr>
                </table></td></tr></table>
                <img src="https://t.example.com/open.gif" width="1" height="1" alt="">
                </body></html>
                """,
            text: """
                [Example Shop] (https://shop.example.com/?utm_source=mail)

                Spring sale

                Save 20% on everything – this week only.

                Shop now » (https://shop.example.com/sale)

                You received this because you subscribed. Unsubscribe (https://shop.example.com/unsubscribe)
                """
        ),
        Fixture(
            name: "Outlook conditional comments, VML and Word bullets",
            html: """
                <!--[if gte mso 9]><v:rect fill="true"><v:fill type="frame" src="bg.jpg"/><v:textbox>\
                <![endif]--><div>Visible</div><!--[if gte mso 9]></v:textbox></v:rect><![endif]-->\
                <p class=MsoListParagraph><![if !supportLists]><span>·<span>&nbsp;&nbsp;</span></span>\
                <![endif]><span>Bullet via Word</span><o:p></o:p></p>\
                <!--[if !mso]><!--><p>non-Outlook content</p><!--<![endif]--><o:p></o:p>
                """,
            text: "Visible\n· Bullet via Word\n\nnon-Outlook content"
        ),
        Fixture(
            name: "Outlook empty paragraphs become one blank line",
            html: """
                <p class=MsoNormal>One<o:p></o:p></p><p class=MsoNormal>Two<o:p></o:p></p>
                <p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>
                <p class=MsoNormal>Three<o:p></o:p></p>
                """,
            text: "One\nTwo\n\nThree"
        ),
    ]

    static let structure: [Fixture] = [
        Fixture(
            name: "ordered list with nested unordered list",
            html: """
                <p>Agenda:</p><ol><li>Budget</li><li>Hiring<ul><li>Engineers</li><li>Sales</li></ul></li>\
                <li>AOB</li></ol><p>Thanks</p>
                """,
            text: "Agenda:\n\n1. Budget\n2. Hiring\n  - Engineers\n  - Sales\n3. AOB\n\nThanks"
        ),
        Fixture(
            name: "ordered list with start attribute",
            html: "<ol start=\"3\"><li>c</li><li>d</li></ol>",
            text: "3. c\n4. d"
        ),
        Fixture(
            name: "list items with surrounding whitespace",
            html: "<ul>\n  <li>\n    First   item\n  </li>\n  <li>Second</li>\n</ul>",
            text: "- First item\n- Second"
        ),
        Fixture(
            name: "list items holding paragraphs, and an empty item",
            html: "<ul><li><p>First</p></li><li></li><li><p>Second</p><p>more</p></li></ul>",
            text: "- First\n\n- Second\n\nmore"
        ),
        Fixture(
            name: "empty and non-breaking cells add no separators",
            html: "<table><tr><td>A</td><td>&nbsp;</td><td></td><td>B</td></tr></table>",
            text: "A | B"
        ),
        Fixture(
            name: "table rows and cells",
            html: """
                <table><tr><th>Name</th><th>Qty</th></tr><tr><td>Apples</td><td> 3 </td></tr>
                <tr><td></td><td>7</td></tr></table>
                """,
            text: "Name | Qty\nApples | 3\n7"
        ),
        Fixture(
            name: "pre keeps whitespace",
            html: "<p>Log:</p><pre>\n  line 1\n    indented  line 2\n\n\n\nend</pre><p>after</p>",
            text: "Log:\n\n  line 1\n    indented  line 2\n\nend\n\nafter"
        ),
        Fixture(
            name: "links",
            html: """
                <p>See <a href="https://example.com/report">the report</a>, \
                <a href="https://example.com">https://example.com</a>, \
                <a href="http://www.example.com/">www.example.com</a>, \
                <a href="mailto:jane@example.com?subject=Hi">Jane</a>, \
                <a href="MAILTO:bob@example.com">bob@example.com</a>, <a href="#top">top</a>, \
                <a href="javascript:void(0)">js</a>, <a href="/relative">rel</a>, \
                <a href="https://example.com/empty"></a>.</p>
                """,
            text: """
                See the report (https://example.com/report), https://example.com, www.example.com, \
                Jane (jane@example.com), bob@example.com, top, js, rel, .
                """
        ),
        Fixture(
            name: "images with and without alt",
            html: "<p><img src=\"a.png\" alt=\"Company logo\"> Hello <img src=\"b.png\"> <img alt=\"\"> world</p>",
            text: "[Company logo] Hello world"
        ),
        Fixture(
            name: "whitespace collapses",
            html: "<p>  Lots   of\n\n  space\tand&nbsp;&nbsp;nbsp  </p>",
            text: "Lots of space and nbsp"
        ),
        Fixture(
            name: "line breaks",
            html: "line one<br>line two<br><br>line four<br/><br /><br><br>line eight",
            text: "line one\nline two\n\nline four\n\nline eight"
        ),
        Fixture(
            name: "headings, rules and blockquotes",
            html: "<h2>Title</h2>text<hr>more<blockquote>quoted</blockquote>end",
            text: "Title\n\ntext\n\nmore\n\nquoted\n\nend"
        ),
        Fixture(
            name: "declarations and CDATA vanish",
            html: "<?xml version=\"1.0\"?><!DOCTYPE html><![CDATA[ hidden <b>x</b> ]]>Shown",
            text: "Shown"
        ),
        Fixture(
            name: "head without a body tag",
            html: "<html><head><title>T</title><meta charset=utf-8>Text right after head",
            text: "Text right after head"
        ),
        Fixture(
            name: "hidden element with nested elements of the same name",
            html: "<div style=\"DISPLAY: NONE\"><div>inner</div>still hidden</div>visible",
            text: "visible"
        ),
    ]

    static let entities: [Fixture] = [
        Fixture(
            name: "punctuation entities",
            html: """
                &lt;tag&gt; &amp; &quot;q&quot; &apos;a&apos; &copy; &reg; &euro;5 &hellip; &mdash; &ndash; \
                &lsquo;x&rsquo; &ldquo;y&rdquo; &bull; &middot; &laquo;z&raquo; &trade;
                """,
            text: "<tag> & \"q\" 'a' © ® €5 … — – ‘x’ “y” • · «z» ™"
        ),
        Fixture(
            name: "Latin-1 letters",
            html: "Caf&eacute; &Uuml;ber M&uuml;ller &szlig; &ntilde; &ccedil; &Aring; &oslash; &AElig; &yuml;",
            text: "Café Über Müller ß ñ ç Å ø Æ ÿ"
        ),
        Fixture(
            name: "numeric references",
            html: "&#65;&#x42;&#X43; &#128512; &#x1F600; &#0; &#xD800; &#x110000; &#99999999999; &#150; &#x92;",
            text: "ABC 😀 😀 \u{FFFD} \u{FFFD} \u{FFFD} \u{FFFD} – ’"
        ),
        Fixture(
            name: "legacy references without semicolon and unknown names",
            html: "&copy 2024 AT&T &notanentity; a&b &AMP; &amp",
            text: "© 2024 AT&T &notanentity; a&b & &"
        ),
        Fixture(
            name: "references in attributes need the semicolon",
            html: "<a href=\"https://example.com/?a=1&amp;b=2&copy=3\">q</a>",
            text: "q (https://example.com/?a=1&b=2&copy=3)"
        ),
        Fixture(
            name: "non-breaking spaces are spaces",
            html: "a&nbsp;b&#160;c\u{A0}d  &nbsp; e&NBSP;f",
            text: "a b c d e f"
        ),
        Fixture(
            name: "Greek and math",
            html: "&alpha;&Omega;&sigmaf; &le; &ne; &infin; &rarr;",
            text: "αΩς ≤ ≠ ∞ →"
        ),
    ]
}
