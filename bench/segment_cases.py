"""Sentence-splitting cases: a text and the sentences it must split into, Indonesian first, then other
scripts. The tests (``tests/test_segment.py``) and the splitter comparison (``bench/eval_segment.py``)
read the same table.
"""

from __future__ import annotations

import pytest

CASES = [
    pytest.param(
        "Perdagangan bernilai $3,6 miliar pada tahun 2023. Sejak awal tahun 2000-an, impor turun.",
        ["Perdagangan bernilai $3,6 miliar pada tahun 2023.", "Sejak awal tahun 2000-an, impor turun."],
        id="money-with-decimal-comma",
    ),
    pytest.param(
        "Inflasi naik 3.6 persen pada pukul 18.40 WIB. Harga stabil.",
        ["Inflasi naik 3.6 persen pada pukul 18.40 WIB.", "Harga stabil."],
        id="decimal-point-and-time",
    ),
    pytest.param(
        "Putin tiba pada Kamis (20/6/2024). Tujuan kunjungannya jelas.",
        ["Putin tiba pada Kamis (20/6/2024).", "Tujuan kunjungannya jelas."],
        id="date-in-brackets",
    ),
    pytest.param(
        "Dia menunggu... lalu pergi. Tamat… Kemudian hujan.",
        ["Dia menunggu... lalu pergi.", "Tamat…", "Kemudian hujan."],
        id="ellipses",
    ),
    pytest.param(
        "“Senjata akan dibahas tetapi yang akan masuk ke Vietnam,” kata Cheng. “Militer masih bergantung.”",
        [
            "“Senjata akan dibahas tetapi yang akan masuk ke Vietnam,” kata Cheng.",
            "“Militer masih bergantung.”",
        ],
        id="quote-comma-attribution-then-new-quote",
    ),
    pytest.param(
        "“Mereka pernah di sisi yang sama. Dan warisan itu masih ada,” kata Huong Le Thu, wakil direktur "
        "program untuk Asia. Uni Soviet menjadi tuan rumah.",
        [
            "“Mereka pernah di sisi yang sama. Dan warisan itu masih ada,” kata Huong Le Thu, wakil direktur "
            "program untuk Asia.",
            "Uni Soviet menjadi tuan rumah.",
        ],
        id="attributed-quote-with-inner-full-stop",
    ),
    pytest.param(
        "Lam ingin “bekerja sama lebih lanjut.” Perjanjian itu kecil.",
        ["Lam ingin “bekerja sama lebih lanjut.”", "Perjanjian itu kecil."],
        id="full-stop-inside-closing-quote",
    ),
    pytest.param(
        "“Apa yang terjadi?” tanya dia. “Entahlah!” jawab Budi.",
        ["“Apa yang terjadi?” tanya dia.", "“Entahlah!” jawab Budi."],
        id="question-in-quote-with-attribution",
    ),
    pytest.param(
        "Buku karya J. K. Rowling laris. Sekjen Nguyen P. Trong hadir.",
        ["Buku karya J. K. Rowling laris.", "Sekjen Nguyen P. Trong hadir."],
        id="initials",
    ),
    pytest.param(
        "Dr. Budi dan Prof. Ani tinggal di Jl. Merdeka No. 5 bersama Bpk. H. Umar dan Hj. Siti. "
        "Mereka datang.",
        [
            "Dr. Budi dan Prof. Ani tinggal di Jl. Merdeka No. 5 bersama Bpk. H. Umar dan Hj. Siti.",
            "Mereka datang.",
        ],
        id="indonesian-titles",
    ),
    pytest.param(
        "Sdr. Amir bertemu Kol. Bima dan Jend. Sudirman. Mereka membahas a.n. direksi s.d. akhir tahun.",
        ["Sdr. Amir bertemu Kol. Bima dan Jend. Sudirman.", "Mereka membahas a.n. direksi s.d. akhir tahun."],
        id="ranks-and-dotted-abbreviations",
    ),
    pytest.param(
        "Dia membeli apel, jeruk, dll. Kemudian pulang. Budi dkk. menulis buku tsb. dengan cepat.",
        ["Dia membeli apel, jeruk, dll.", "Kemudian pulang.", "Budi dkk. menulis buku tsb. dengan cepat."],
        id="dll-dkk-tsb",
    ),
    pytest.param(
        "Rusia membantu mempertahankan klaim di Laut Cina Selatan yang disengketakan. (*)",
        ["Rusia membantu mempertahankan klaim di Laut Cina Selatan yang disengketakan. (*)"],
        id="end-marker",
    ),
    pytest.param(
        "Sementara itu, Rusia penting karena dua alasan, kata Giang: Rusia adalah pemasok terbesar.",
        ["Sementara itu, Rusia penting karena dua alasan, kata Giang: Rusia adalah pemasok terbesar."],
        id="colon-does-not-end",
    ),
    pytest.param(
        "Mengapa Vietnam? Karena sejarah! Itu jawabannya.",
        ["Mengapa Vietnam?", "Karena sejarah!", "Itu jawabannya."],
        id="question-and-exclamation",
    ),
    pytest.param(
        "Mr. Smith met Mrs. Jones and Ms. Lee at St. Mary's on Jan. 5 in the U.S. capital. They talked.",
        ["Mr. Smith met Mrs. Jones and Ms. Lee at St. Mary's on Jan. 5 in the U.S. capital.", "They talked."],
        id="english-titles",
    ),
    pytest.param(
        "Apple Inc. and Acme Co. sell fruit, e.g. apples, i.e. food, vs. Widgets Ltd. etc. They grew.",
        ["Apple Inc. and Acme Co. sell fruit, e.g. apples, i.e. food, vs. Widgets Ltd. etc.", "They grew."],
        id="english-company-and-latin-abbreviations",
    ),
    pytest.param(
        "“We will go,” he said. “It is fine.” She left.",
        ["“We will go,” he said.", "“It is fine.”", "She left."],
        id="english-quotes",
    ),
    pytest.param(
        "Harga naik.\n\nJudul baru\n\nTeks berikutnya.",
        ["Harga naik.", "Judul baru", "Teks berikutnya."],
        id="paragraph-breaks",
    ),
    pytest.param("   \n\t ", [], id="whitespace-only"),
    pytest.param(
        "普京抵达河内。双方签署了多项协议！美国不满吗？他说：“我们会合作。”随后离开。",
        ["普京抵达河内。", "双方签署了多项协议！", "美国不满吗？", "他说：“我们会合作。”", "随后离开。"],
        id="chinese-full-width-marks",
    ),
    pytest.param(
        "美国不满又无奈!越南接待普京;俄越贸易增长。",
        ["美国不满又无奈!", "越南接待普京;俄越贸易增长。"],
        id="chinese-half-width-marks",
    ),
    pytest.param(
        "大統領はハノイに到着した。会談は「成功だった」と述べた。",
        ["大統領はハノイに到着した。", "会談は「成功だった」と述べた。"],
        id="japanese",
    ),
    pytest.param(
        "В 2024 г. Путин прибыл в Ханой, т.е. в столицу. Он сказал: «Да». Потом ушёл.",
        ["В 2024 г. Путин прибыл в Ханой, т.е. в столицу.", "Он сказал: «Да».", "Потом ушёл."],
        id="russian-abbreviations",
    ),
    pytest.param(
        "Putin kam am 20. Juni z. B. mit Dr. Lawrow an. Er sagte, es sei gut.",
        ["Putin kam am 20. Juni z. B. mit Dr. Lawrow an.", "Er sagte, es sei gut."],
        id="german-ordinal-date",
    ),
    pytest.param(
        "El Sr. Lam recibió a Putin en Hanoi. Después firmaron 11 acuerdos con la Sra. Vo.",
        ["El Sr. Lam recibió a Putin en Hanoi.", "Después firmaron 11 acuerdos con la Sra. Vo."],
        id="spanish-titles",
    ),
    pytest.param(
        "Laut Hr. Müller kam Putin am 20. Juni. Dann sprach er mit Fr. Weber.",
        ["Laut Hr. Müller kam Putin am 20. Juni.", "Dann sprach er mit Fr. Weber."],
        id="german-titles",
    ),
    pytest.param(
        "Đúng 1h45 phút sáng 20/6, chuyên cơ hạ cánh. Đây là lần thứ 5 ông Putin tới Việt Nam.",
        ["Đúng 1h45 phút sáng 20/6, chuyên cơ hạ cánh.", "Đây là lần thứ 5 ông Putin tới Việt Nam."],
        id="vietnamese",
    ),
    pytest.param(
        "وصل الرئيس الروسي إلى هانوي. هل هذا صحيح؟ نعم.",
        ["وصل الرئيس الروسي إلى هانوي.", "هل هذا صحيح؟", "نعم."],
        id="arabic-rtl",
    ),
    pytest.param(
        "נשיא רוסיה הגיע להאנוי. הוא נפגש עם הנשיא.",
        ["נשיא רוסיה הגיע להאנוי.", "הוא נפגש עם הנשיא."],
        id="hebrew-rtl",
    ),
    pytest.param(
        "रूस के राष्ट्रपति हनोई पहुंचे। उन्होंने बातचीत की।",
        ["रूस के राष्ट्रपति हनोई पहुंचे।", "उन्होंने बातचीत की।"],
        id="hindi-danda",
    ),
    pytest.param(
        "ประธานาธิบดีรัสเซียเดินทางถึงกรุงฮานอย ทั้งสองฝ่ายลงนามข้อตกลง 11 ฉบับ",
        ["ประธานาธิบดีรัสเซียเดินทางถึงกรุงฮานอย", "ทั้งสองฝ่ายลงนามข้อตกลง 11 ฉบับ"],
        id="thai-space-between-sentences",
    ),
    pytest.param(
        "ประธานาธิบดีวลาดิเมียร์ ปูติน ของรัสเซียเดินทางถึงกรุงฮานอย ทั้งสองประเทศลงนามเอกสาร 11 ฉบับ",
        ["ประธานาธิบดีวลาดิเมียร์ ปูติน ของรัสเซียเดินทางถึงกรุงฮานอย", "ทั้งสองประเทศลงนามเอกสาร 11 ฉบับ"],
        id="thai-space-around-a-name",
    ),
    pytest.param(
        "პუტინი ჰანოიში ჩავიდა. მან 11 შეთანხმებას მოაწერა ხელი. ვ. პუტინი კმაყოფილია.",
        ["პუტინი ჰანოიში ჩავიდა.", "მან 11 შეთანხმებას მოაწერა ხელი.", "ვ. პუტინი კმაყოფილია."],
        id="georgian-no-capitals",
    ),
    pytest.param(
        "លោក ពូទីន បានមកដល់ទីក្រុងហាណូយ។ ប្រទេសទាំងពីរបានចុះហត្ថលេខាលើកិច្ចព្រមព្រៀង ១១។",
        ["លោក ពូទីន បានមកដល់ទីក្រុងហាណូយ។", "ប្រទេសទាំងពីរបានចុះហត្ថលេខាលើកិច្ចព្រមព្រៀង ១១។"],
        id="khmer-khan",
    ),
    pytest.param(
        "ཨུ་རུ་སུའི་སྲིད་འཛིན་པུ་ཊིན་ཧ་ནོ་ཡི་ལ་ཕེབས་སོང་། གཉིས་ཀས་གྲོས་མཐུན་ཡི་གེ་ ༡༡ ལ་མིང་རྟགས་བཀོད། ",
        ["ཨུ་རུ་སུའི་སྲིད་འཛིན་པུ་ཊིན་ཧ་ནོ་ཡི་ལ་ཕེབས་སོང་།", "གཉིས་ཀས་གྲོས་མཐུན་ཡི་གེ་ ༡༡ ལ་མིང་རྟགས་བཀོད།"],
        id="tibetan-shad",
    ),
    pytest.param(
        "Γιατί ήρθε τώρα; Οι δύο χώρες υπέγραψαν 11 συμφωνίες.",
        ["Γιατί ήρθε τώρα;", "Οι δύο χώρες υπέγραψαν 11 συμφωνίες."],
        id="greek-question-mark",
    ),
    pytest.param(
        "Putin arrived on Thursday; Lam greeted him. Then they talked.",
        ["Putin arrived on Thursday; Lam greeted him.", "Then they talked."],
        id="semicolon-outside-greek",
    ),
    pytest.param("😀😀🎉\n\nKalimat. 🙏", ["😀😀🎉", "Kalimat. 🙏"], id="emoji"),
    pytest.param(
        "[Xin chào! Vietnam] Putin tới Hà Nội lúc rạng sáng. Ông gặp Tô Lâm.",
        ["[Xin chào! Vietnam] Putin tới Hà Nội lúc rạng sáng.", "Ông gặp Tô Lâm."],
        id="bracketed-kicker",
    ),
]
