import pytest

from pressextract.clean import InputError, clean, clean_text, decode, is_residue, mojibake_repairs, split_run_in_headings
from pressextract.settings import Settings


def test_decode_refuses_bad_bytes():
    with pytest.raises(InputError, match="empty input"):
        decode(b"  \n")
    with pytest.raises(InputError, match="binary input"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="invalid UTF-8"):
        decode("Caf\u00e9 \u201cquoted\u201d".encode("cp1252"))
    with pytest.raises(InputError, match="too large"):
        decode(b"x" * 200, Settings(max_bytes=100))
    garbled = "The mayor’s café opened in São Paulo. " * 5
    with pytest.raises(InputError, match="mojibake"):
        decode(garbled.encode("utf-8").decode("cp1252").encode("utf-8"))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_decode_utf16_and_utf32_with_a_bom(encoding):
    text = "Mayor Ana Dacruz of Vila Nova opens the Rua Azul market on 4 May 2026."
    bom = {"le": "\ufeff", "be": "\ufeff"}.get(encoding[-2:], "")   # "utf-16"/"utf-32" write their own
    assert decode((bom + text).encode(encoding)) == text


def test_decode_utf16_without_text_or_with_binary_head():
    with pytest.raises(InputError, match="empty input"):
        decode(" \n ".encode("utf-16"))
    with pytest.raises(InputError, match="binary input"):
        decode(("\x00\x01\x02\x03" * 50).encode("utf-16"))
    # Without a mark, NUL bytes in the head are binary, even if they would make UTF-16.
    with pytest.raises(InputError, match="binary input"):
        decode("City opens library".encode("utf-16-le"))


def test_control_characters_after_the_head_are_removed():
    head = "Harbour City opens a ferry terminal\n\n" + "The terminal serves 40 boats a day.\t\f\r\n" * 150
    assert len(head.encode()) > 4096
    text = decode((head + "It cost\x00 $5 mil\x1blion\x0b.\n").encode("utf-8"))
    assert text.endswith("It cost $5 million.\n")
    assert "\t\f\r\n" in text     # tab, form feed, carriage return and newline stay
    with pytest.raises(InputError, match="binary input"):     # a NUL in the head is still binary
        decode(b"Harbour City\x00 opens a terminal" + head.encode())


def test_mojibake_is_measured_by_its_repair():
    # Real capitals and accents: nothing here reads back as UTF-8, however it looks.
    valid = ("SÃO PAULO – The state of SÃO PAULO and JOÃO PESSOA signed a water pact. "
             "«Voilà», said the mayor of MÂCON; «Déjà vu» — naïve ÉLAN. Try CAFÉ™ Latte. ") * 3
    assert decode(valid.encode("utf-8")) == valid
    assert mojibake_repairs(valid) == []
    garbled = ("The cafÃ© â€™ in SÃ£o Paulo opened. " * 4).strip()
    assert mojibake_repairs(garbled)[:3] == [("Ã©", "é"), ("â€™", "’"), ("Ã£", "ã")]
    # Read as latin-1 rather than cp1252: the same bytes show as C1 control characters.
    assert mojibake_repairs("The company\u00e2\x80\x99s values\u00e2\x80\x94safety") == [
        ("\u00e2\x80\x99", "’"), ("\u00e2\x80\x94", "—")]
    with pytest.raises(InputError, match=r"mojibake: 12 sequences .*\(e.g. 'Ã©' for 'é'\)"):
        decode(garbled.encode("utf-8"))
    # One quoted broken word in a long release stays text.
    quoted = "A reader wrote 'cafÃ©'. " + "The market opened on Monday with 40 stalls. " * 60
    assert decode(quoted.encode("utf-8")) == quoted


def test_plain_text_residue_and_title():
    raw = ("Provided by Gtranslate\n\nCity opens library\n\nCity opens library 570 380 WeGO\n\n"
           "City opens library\n\nHome About Members News Contact us\n\nThe city opened a library today.")
    doc = clean_text(raw)
    assert doc.title == "City opens library"
    assert doc.text == "City opens library\n\nThe city opened a library today."


def test_residue_lines():
    assert is_residue("<< Back to: ICLEI e-News | issue 6, march 2007")
    assert not is_residue("The council met in Seoul on Monday.")
    # Link lists and menus by their shape.
    assert is_residue("Website | X (Twitter) | Telegram | Discord")
    assert is_residue("For more information, visit: Website|Twitter| Instagram")
    assert is_residue("Homepage About Members Supporters News & Events Contact us")
    # Headlines, an agenda, a dateline with a tagline, a company's About heading: not junk.
    for line in ("City honours local music icon", "Harbour board unveils its new logo",
                 "Festival banner", "Award-winning photo", "World Mayors Council on Climate Change logo",
                 "9:00 AM | Partner Presentation: Orbit Labs", "About Kestrel Media Group",
                 "Donate to the Red Cross and Subscribe to Local News",
                 "Ames, United States - July 4, 2026 / Kestrel Roofing | IA & NE Solar Company /"):
        assert not is_residue(line), line


def test_page_chrome_is_junk_by_context():
    page = ("Harbour Alliance Offices Worldwide Member Login\nHarbour Alliance for Clean Ports\n"
            "Homepage About Members Themes Services News & Events Contact us\n"
            "<< Back to: Alliance News | issue 4\nHarbour Alliance logo\n\n"
            "City honours local music icon\n\nMarch 3, 2026\n\n"
            "PORTSMOUTH - The city honoured singer Ada Crane on Monday with a mural at the harbour.\n\n"
            "Harbour Alliance logo\n\nThe mural was paid for by 300 residents.")
    doc = clean_text(page)
    assert doc.title == "City honours local music icon"
    assert doc.text.split("\n\n") == [
        "City honours local music icon", "March 3, 2026",
        "PORTSMOUTH - The city honoured singer Ada Crane on Monday with a mural at the harbour.",
        "Harbour Alliance logo", "The mural was paid for by 300 residents."]


def test_html_through_trafilatura():
    html = """<html lang="en"><head><title>Quito opens a data centre</title>
    <meta property="og:site_name" content="City of Quito"><meta property="article:published_time" content="2024-05-02">
    </head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <article><h1>Quito opens a data centre</h1><p>QUITO – The city opened the Quito Urban Data Centre on Monday,
    where data from more than 2,000 sensors will be analysed by 40 engineers from the municipality.</p>
    <p>The centre cost USD 3 million and was funded by the Inter-American Development Bank.</p></article>
    <footer>© 2024 City of Quito. Cookie settings.</footer></body></html>"""
    doc = clean(html)
    assert doc.published.isoformat() == "2024-05-02"
    assert doc.title == "Quito opens a data centre"
    assert "Cookie" not in doc.text and "more than 2,000 sensors" in doc.text
    assert doc.language == "en"


def test_foreign_language_refused():
    text = ("Москва, 17 ноября 2020 года. Представители 11 городов завершили обучение в Сеуле. "
            "Программа была организована мэрией Сеула и продолжалась неделю.")
    # Short, but its letters are Cyrillic: no English pipeline reads it.
    with pytest.raises(InputError, match=r"unsupported language: ru \(confidence 0\.97\)"):
        clean(text)


@pytest.mark.parametrize("text", [
    # Short English items and results tables: py3langid reads them as la, lb, jv, nl.
    "Latin Club wins\n\nMagna cum laude: Julia Aurelia, Marcus Tullius, Gaius Octavius.",
    "Luxembourg: Jean Weis named CEO of Banque Mersch et Fils.",
    "Jakarta Jazz fest set\n\nJava Jazz 2026: Dewa Budjana, Tulus, Raisa.",
    "Eredivisie round 12 results\n\n" + "\n".join([
        "Ajax 2 Feyenoord 1", "PSV 3 FC Utrecht 0", "AZ Alkmaar 1 FC Twente 1", "Vitesse 0 SC Heerenveen 2",
        "Go Ahead Eagles 1 NEC Nijmegen 1", "Sparta Rotterdam 2 FC Groningen 2", "Heracles Almelo 0 Willem II 1",
        "RKC Waalwijk 3 PEC Zwolle 1", "Fortuna Sittard 1 Almere City 0"]) + "\n\nStandings: PSV 30, Ajax 28, AZ 22.",
], ids=["la", "lb", "jv", "nl-table"])
def test_short_items_and_tables_are_not_refused_as_foreign(text):
    assert clean(text).language == "en"


def test_language_refused_with_its_confidence():
    german = ("Die Stadt Hamburg hat am Montag einen neuen Park eröffnet. An der Feier nahmen mehr als 300 "
              "Bürgerinnen und Bürger sowie Vertreter aus elf Bezirken teil. Der Bürgermeister sagte, der Park "
              "sei ein Geschenk für alle Generationen und werde im Sommer viele Besucher anziehen.")
    with pytest.raises(InputError, match=r"^unsupported language: de \(confidence 1\.00\)$"):
        clean(german)
    # Too little text to tell: the page's own lang attribute decides, else English.
    short = "<p>Hamburg: Neuer Park im Hafen eröffnet, sagte der Bürgermeister am Montag.</p>"
    html = '<html lang="{}"><head><title>Park</title></head><body><article>' + short + "</article></body></html>"
    with pytest.raises(InputError, match=r"^unsupported language: de \(the page's lang attribute\)$"):
        clean(html.format("de-DE"))
    assert clean(html.format("en")).language == "en"
    with pytest.raises(InputError, match=r"^unsupported language: en \(too little text to tell\)$"):
        clean(short, html=False, settings=Settings(languages=("fr",)))


def test_empty_html_is_no_text():
    with pytest.raises(InputError, match="no text extracted"):
        clean("<html><head><title>x</title></head><body><nav>Home</nav></body></html>")


def test_wire_structure_is_not_story():
    from pressextract.clean import strip_boilerplate

    lines = [
        "Acme Opens Plant", "", "DENTON, TX - May 4, 2026 (SAMPLE NEWSWIRE) - Acme opened a plant.",
        "About Acme", "Acme makes tools for farms and has offices in Denton and Ames.",
        "Media Contact:", "Jo Quill", "Quill PR", "jo@quill-pr.example", "+1 555 010 0199",
        "About SampleWire", "SampleWire is a specialized communications platform for press release syndication.",
        "Please see full terms of use and disclaimers on the SampleWire website.",
        "View the original release on www.samplewire.example",
        "---", "[Original/Source Press Release](https://samplewire.example/r/1)",
    ]
    kept = [x for x in strip_boilerplate(lines) if x]
    assert kept == lines[:1] + lines[2:5]
    # A sentence that mentions an address or "contact" is story.
    story = ["Farmers can contact Acme at info@acme.example to join the programme this year.",
             "Customers can contact us anytime.", "2026-03-11"]
    assert strip_boilerplate(story) == story


def test_the_legal_disclaimer_is_not_story():
    """A disclaimer runs from its heading, or from the paragraph that opens it, to the next
    heading; a forward-looking plan in the story stays."""
    from pressextract.clean import strip_boilerplate

    story = ["Acme Opens Plant", "", "Acme opened a plant, a forward-looking step for the region.", ""]
    after = ["", "About Acme", "Acme makes tools."]
    headed = ["Forward-Looking Statements", "", "This release contains forward-looking statements within the meaning"
              " of the Securities Act.", "", "Risks are described in Acme's filings with the SEC and Harbor Bank."]
    assert [x for x in strip_boilerplate(story + headed + after) if x] == [story[0], story[2], *after[1:]]
    opened = ["Certain statements in this press release are forward-looking statements. Actual results may differ.",
              "", "Readers should not rely on them; see the filings with the SEC.", "", "Media Inquiries", "Jo Quill"]
    assert [x for x in strip_boilerplate(story + opened) if x] == [story[0], story[2]]
    notice = ["Cautionary Note Regarding Forward-Looking Information", "Statements about the mine are estimates."]
    assert [x for x in strip_boilerplate(story + notice + after) if x] == [story[0], story[2], *after[1:]]


def test_markdown_release():
    raw = ("# Orbita Opens Plant in Ames\n\nAMES, IA - May 4, 2026 - Orbita opened a plant with 40 jobs.\n\n"
           "## About Orbita\n\nOrbita makes farm tools.\n\n![](https://cdn.example/logo.png)\n\n---\n\n"
           "[Original/Source Press Release](https://wire.example/orbita)\n")
    doc = clean_text(raw)
    assert doc.title == "Orbita Opens Plant in Ames"
    assert doc.text.splitlines()[0] == "Orbita Opens Plant in Ames"
    assert "About Orbita" in doc.text and "#" not in doc.text and "](" not in doc.text


@pytest.mark.parametrize("flat, restored", [
    ("Visit acme.com.  About Acme Labs Acme Labs is a maker of valves.",
     "Visit acme.com.\nAbout Acme Labs\nAcme Labs is a maker of valves."),
    ("About Acme LabsAcme Labs is a maker.", "About Acme Labs\nAcme Labs is a maker."),
    ("About Northwind: Northwind is a maker.", "About Northwind\nNorthwind is a maker."),
    ("About Contoso BankThe Contoso Bank Company (NYSE: CB) is", "About Contoso Bank\nThe Contoso Bank Company (NYSE: CB) is"),
    ("About ContosoFounded in 2010, Contoso", "About Contoso\nFounded in 2010, Contoso"),
    ("x.  About Contoso Animal Society Founded in 1874, the society", "x.\nAbout Contoso Animal Society\nFounded in 1874, the society"),
    ("About Northwind Group Led by CEO Ann Roe, Northwind", "About Northwind Group\nLed by CEO Ann Roe, Northwind"),
    ("A Partner in Times of ChangeWith a team of ten", "A Partner in Times of Change\nWith a team of ten"),
    # the name restated in another form: without its legal form, in another case, with "and"
    # for "&", with a trademark sign, or as its initials
    ("About Orbita Labs Inc.Orbita Labs is a maker.", "About Orbita Labs Inc.\nOrbita Labs is a maker."),
    ("About Orbita Labs, Inc. Orbita Labs, Inc. (NYSE: OL) is", "About Orbita Labs, Inc.\nOrbita Labs, Inc. (NYSE: OL) is"),
    ("ABOUT NORTHWIND & ROE, LLPNorthwind & Roe, LLP prosecutes", "ABOUT NORTHWIND & ROE, LLP\nNorthwind & Roe, LLP prosecutes"),
    ("About Contoso Car & Toy Museum Contoso Car and Toy Museum, formerly",
     "About Contoso Car & Toy Museum\nContoso Car and Toy Museum, formerly"),
    ("x.   About Orbita Brands Orbita Brands™ makes", "x.\nAbout Orbita Brands\nOrbita Brands™ makes"),
    ("About Tailwind Capital SecuritiesTCS provides", "About Tailwind Capital Securities\nTCS provides"),
    ("About Orbita AI: Orbita AI’s platform", "About Orbita AI\nOrbita AI’s platform"),
])
def test_run_in_headings_get_their_line_back(flat, restored):
    assert split_run_in_headings(flat) == restored


@pytest.mark.parametrize("text", [
    "Follow us on LinkedIn and Instagram.",        # a camel-case brand, not a glued heading
    "About Acme: the company makes valves.",        # no repeated name
    "Acme's WeWork office opened.",
    "About AAA members, the club said",
    "About ORBITA (ORBITA)",                         # a heading already
    "About NW Fund and the NW Fund Trust NW Fund: The",   # no name ends in "the"; no initials of acronyms
    "About Acme Labs Acmeville is",                  # a longer word is not the name
])
def test_text_without_run_in_headings_is_unchanged(text):
    assert split_run_in_headings(text) == text


def test_inline_markdown_links_read_as_their_text():
    doc = clean_text("# Orbita Opens Plant\n\nOrbita and [Tailwind Labs](https://tailwind.example/) opened a plant"
                     " ![logo](https://cdn.example/l.png)today.\n\nAbout [Orbita](https://orbita.example)Orbita is a maker.\n\n"
                     "---\n\n[Original/Source Press Release](https://wire.example/orbita)\n")
    assert "Orbita and Tailwind Labs opened a plant today." in doc.text
    assert "\nAbout Orbita\nOrbita is a maker." in doc.text
    assert "wire.example" not in doc.text and "](" not in doc.text


def test_a_run_in_about_block_reads_as_the_company_s_block():
    doc = clean_text("Acme Labs Opens Plant\n\nAcme Labs opened a plant.  About Acme Labs Acme Labs is a maker.")
    assert "\nAbout Acme Labs\nAcme Labs is a maker." in doc.text


def test_character_references_in_markdown_are_read():
    """Markdown allows HTML character references ("Smith &amp; Roe"); an ampersand without one,
    or with an unknown name, is text."""
    cleaned = clean_text("# Vale &amp; Roe Opens Its Q&amp;A Desk\n\nAT&T, R&D, Q&notes; and it&#39;s &#x2019;s &bogus; day.")
    assert cleaned.title == "Vale & Roe Opens Its Q&A Desk"
    assert "AT&T, R&D, Q&notes; and it's ’s &bogus; day." in cleaned.text
