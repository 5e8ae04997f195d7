"""Date lines at the top (or, labelled, at the end) of an article: every common form gives the
article's `published` (basis stated), and the line leaves the body. Articles written for
these tests after the layouts of Turkish news sites 2019–2025."""
from __future__ import annotations

import pytest

from newsgraph.storage import store
from newsgraph.jobs.build import build
from newsgraph.ingest import ingest_bytes
from newsgraph.ingest.dateline import read_date_line

TITLE = "Fidan ile Kuleba telefonda görüştü"
BODY = "Dışişleri Bakanı Hakan Fidan, Ukraynalı mevkidaşı Dmitro Kuleba ile telefonda görüştü."


def article(*head: str, tail: str = "") -> bytes:
    return "\n\n".join([TITLE, *head, BODY, "Görüşmede tahıl koridoru ele alındı.", *([tail] if tail else [])]).encode()


@pytest.mark.parametrize("line, published", [
    ("14.05.2023", "2023-05-14"),
    ("14/05/2023", "2023-05-14"),
    ("14-05-2023 09:10", "2023-05-14"),
    ("14 Mayıs 2023", "2023-05-14"),
    ("14 Mayıs 2023 Pazar", "2023-05-14"),
    ("14 Mayıs 2023, 10:45", "2023-05-14"),
    ("14 Mayıs 2023 Pazar 10:45", "2023-05-14"),
    ("14 MAYIS 2023 PAZAR", "2023-05-14"),
    ("02 Şubat, 2026, Pazartesi", "2026-02-02"),
    ("May 14, 2023", "2023-05-14"),
    ("Sept. 3, 2021", "2021-09-03"),
    ("14 May 2023", "2023-05-14"),
    ("2023-05-14 10:45", "2023-05-14"),
    ("2023-05-14T10:45:00+03:00", "2023-05-14"),
    ("16:20 - Kasım 24 2025 Pazartesi", "2025-11-24"),
    ("AA 06.10.2023 21:36", "2023-10-06"),
    ("Güncelleme: 14.05.2023 - 11:02", "2023-05-14"),
    ("Yayınlanma: 13.05.2023 - 22:40", "2023-05-13"),
    ("Yayınlanma: 13.05.2023 - 22:40 Güncelleme: 14.05.2023 - 11:02", "2023-05-13"),
    ("Güncelleme: 14.05.2023 11:02 | Yayın Tarihi: 13.05.2023 22:40", "2023-05-13"),
    ("Ekleme: 28.08.2023 13:30:25 / Güncelleme: 28.08.2023 14:06:55 / Dünya", "2023-08-28"),
    ("Giriş Tarihi: 3 Ocak 2021 09:12", "2021-01-03"),
    ("Son güncelleme: 4 Ocak 2021, 08:00", "2021-01-04"),
    ("Tarih: 05/11/2020", "2020-11-05"),
    ("Oluşturulma Tarihi: Mart 3 2022 11:15", "2022-03-03"),
])
def test_date_line_forms(line: str, published: str) -> None:
    art = ingest_bytes(article(line), "x")
    assert (art.published, art.published_precision, art.published_basis) == (published, "day", "stated")
    assert art.title == TITLE and art.text.startswith(BODY)


def test_a_date_line_above_the_title() -> None:
    art = ingest_bytes("\n\n".join(["21.09.2022", TITLE, BODY]).encode(), "x")
    assert (art.title, art.published, art.text) == (TITLE, "2022-09-21", BODY)


def test_byline_and_date_line() -> None:
    art = ingest_bytes(article("Muhabir: Ayşe KARTAL", "11.04.2024 - 14:05"), "x")
    assert art.published == "2024-04-11" and art.text.startswith(BODY)


def test_a_labelled_date_line_at_the_end() -> None:
    art = ingest_bytes(article(tail="Yayın tarihi: 7 Ekim 2022, Cuma"), "x")
    assert (art.published, art.published_basis) == ("2022-10-07", "stated")
    assert "Yayın tarihi" not in art.text


def test_the_publication_date_wins_over_an_update_wherever_it_stands() -> None:
    art = ingest_bytes(article("Güncelleme: 09.10.2022 08:00", tail="Yayın tarihi: 7 Ekim 2022"), "x")
    assert art.published == "2022-10-07"


def test_a_crawler_date_glued_to_the_first_line_stays_body() -> None:
    art = ingest_bytes(f" date 2024-03-02 {BODY}\n\nGörüşmede tahıl koridoru ele alındı.".encode(), "x")
    assert (art.published, art.published_precision) == ("2024-03-02", "day")
    assert art.text.startswith(BODY)


@pytest.mark.parametrize("line", ["14.05.2023 10:45 ", "2023-05-14 ", "14 Mayıs 2023, 10:45 "])
def test_a_date_line_glued_to_the_first_sentence(line: str) -> None:
    art = ingest_bytes(article(line + BODY), "x")
    assert art.published == "2023-05-14" and art.text.startswith(BODY)


@pytest.mark.parametrize("first", [
    "14 Mayıs 2023 tarihinde Fidan ile Kuleba telefonda görüştü.",     # a sentence that starts with a date
    "Karar Tarihi: 14/2/2024",                                         # another date than publication
    "Tarih 2020 yılında yeniden yazıldı.",
    "2020",                                                            # a year alone, unlabelled
    "12.01.2020 saat 14.30'da görüştüler.",
    "14 Mayıs 2023 Pazar günü seçim yapıldı.",
    "14.05.2023 tarihli kararla yasak kaldırıldı.",
])
def test_not_date_lines(first: str) -> None:
    assert read_date_line(first) is None
    art = ingest_bytes(article(first), "x")
    assert art.published is None


def test_body_date_lines_are_not_read_far_down() -> None:
    art = ingest_bytes(article("Birinci paragraf.", "İkinci paragraf.", "Üçüncü paragraf.", "14.05.2023"), "x")
    assert art.published is None


def test_published_from_a_date_line_anchors_relative_words(tmp_path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("\n\n".join([
        TITLE, "Güncelleme: 15.05.2023 - 11:02", "Yayınlanma: 14.05.2023 - 10:45",
        "Fidan dün Kuleba ile telefonda görüştü. Bakanlar 3-4 Haziran'da Oslo'da bir araya gelecek."]),
        encoding="utf-8")
    build(raw, tmp_path / "out", backend="rules", workers=1)
    arts, dates = store.read_table(tmp_path / "out", "articles"), store.read_table(tmp_path / "out", "dates")
    assert tuple(arts.iloc[0][["published", "published_basis"]]) == ("2023-05-14", "stated")
    assert list(zip(dates["surface"], dates["value"])) == [("dün", "2023-05-13"),
                                                           ("3-4 Haziran", "2023-06-03/2023-06-04")]
