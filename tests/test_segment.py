"""Sentence and paragraph segmentation with offsets into the cleaned text."""
from __future__ import annotations

from conftest import seed
from newsgraph.ingest import ingest_file
from newsgraph.ingest.segment import paragraph_spans, segment


def sentences(text: str) -> list[str]:
    return [text[s.start:s.end] for s in segment(text)]


def test_abbreviations_initials_and_times_do_not_split():
    text = ("MİT Başkanı Sn. Hakan Fidan ile Prof. Dr. Ahmet Yılmaz görüştü. "
            "M. Kemal Caddesi'nde saat 14.30'da toplandılar. Ateşkes 00.00'da başladı.")
    assert sentences(text) == [
        "MİT Başkanı Sn. Hakan Fidan ile Prof. Dr. Ahmet Yılmaz görüştü.",
        "M. Kemal Caddesi'nde saat 14.30'da toplandılar.",
        "Ateşkes 00.00'da başladı.",
    ]


def test_quotes_closed_inside_a_sentence():
    text = 'Lavrov, "İdlib\'de hala çok iş var ama ilerleme var." dedi. Sonra ayrıldı.'
    assert sentences(text) == ['Lavrov, "İdlib\'de hala çok iş var ama ilerleme var." dedi.', "Sonra ayrıldı."]


def test_ordinals_and_questions():
    assert sentences("2. Dünya Savaşı bitti mi? Evet! Bitti.") == ["2. Dünya Savaşı bitti mi?", "Evet!", "Bitti."]


def test_offsets_index_the_text_and_paragraphs_count():
    art = ingest_file(seed("002"))
    sents = segment(art.text)
    assert all(art.text[s.start:s.end].strip() == art.text[s.start:s.end] for s in sents)
    assert [s.sent_idx for s in sents] == list(range(len(sents)))
    assert sents[-1].paragraph_idx == len(paragraph_spans(art.text)) - 1
    first = art.text[sents[0].start:sents[0].end]
    assert first == "Libya'daki taraflar ateşkesin ardından Rusya'da bir araya geldi."


def test_seed_004_single_line_article_split():
    art = ingest_file(seed("004"))
    texts = [art.text[s.start:s.end] for s in segment(art.text)]
    assert "Toplantıda konuşan Dışişleri Bakanı Çavuşoğlu, İki lider Libya'da, 12 Ocak gece yarısı 00.00'da ateşkes sağlanması için çağrıda bulunuyor dedi." in texts
    assert any(t.startswith("Haliç kongre Merkezi'ndeki ortak basın toplantısında") for t in texts)
    assert "İKİLİ İLİŞKİLERİMİZİN DEVAMI VE PEKİŞTİRİLMESİ İÇİN HER TÜRLÜ ADIMI ATAMAYA HAZIR OLDUKLARINI BEYAN ETTİLER" in texts
