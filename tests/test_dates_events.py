"""A contact reported by several articles takes the finest date any of them gives (issue 17,
part 5): built through the real pipeline on a small corpus written for this test."""
from __future__ import annotations

import pytest

from test_incremental import assert_same_tables
from newsgraph.storage import store
from newsgraph.jobs.build import build

ARTICLES = {
    # the day, written in the sentence
    "a_gun": ("Çavuşoğlu Lavrov'u ağırladı", "date 2021-03-18",
              "Dışişleri Bakanı Mevlüt Çavuşoğlu, Rus mevkidaşı Sergey Lavrov ile 16 Mart'ta Ankara'da bir araya geldi."),
    # only the month: the article's date line
    "b_ay": ("Lavrov Ankara'da", "date 2021-03",
             "Rusya Dışişleri Bakanı Sergey Lavrov, Mevlüt Çavuşoğlu ile Ankara'da görüştü."),
    # only the year, in the sentence
    "c_yil": ("İki bakan görüştü", "",
              "Mevlüt Çavuşoğlu ve Sergey Lavrov 2021 yılında Ankara'da bir araya geldi."),
    # a range of days that holds the day
    "d_aralik": ("Ankara'da iki gün", "date 2021-03-20",
                 "Lavrov ile Çavuşoğlu 15-16 Mart tarihlerinde Ankara'da görüştü."),
    # the same two people, another day and place: another contact
    "e_baska": ("Antalya'da yeni tur", "Yayınlanma: 05.04.2021 - 09:30",
                "Çavuşoğlu, Lavrov ile 2 Nisan'da Antalya'da görüştü."),
}


def write(raw, names) -> None:
    raw.mkdir(exist_ok=True)
    for name in names:
        title, line, body = ARTICLES[name]
        (raw / f"{name}.txt").write_text("\n\n".join(p for p in (title, line, body) if p) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def meetings(tmp_path_factory):
    raw = tmp_path_factory.mktemp("events") / "raw"
    write(raw, ARTICLES)
    out = raw.parent / "out"
    build(raw, out, backend="rules", workers=1)
    m = store.read_table(out, "meetings")
    pair = m[m["contact"] == "mevlut-cavusoglu|sergey-lavrov"]
    return {r["article_id"]: r for r in pair.to_dict("records")}


def test_every_report_is_found(meetings):
    assert set(meetings) == set(ARTICLES)


def test_reports_of_one_contact_share_the_finest_date(meetings):
    one = [meetings[a] for a in ("a_gun", "b_ay", "c_yil", "d_aralik")]
    assert len({m["event_id"] for m in one}) == 1
    assert {(m["date"], m["date_precision"]) for m in one} == {("2021-03-16", "day")}
    assert [m["date_basis"] for m in one] == ["sentence", "event", "event", "event"]


def test_another_day_is_another_event_with_its_own_date(meetings):
    other = meetings["e_baska"]
    assert other["event_id"] != meetings["a_gun"]["event_id"]
    assert (other["date"], other["date_basis"]) == ("2021-04-02", "sentence")


def test_a_range_alone_dates_its_contact_with_the_interval(tmp_path):
    write(tmp_path / "raw", ["d_aralik", "b_ay"])
    build(tmp_path / "raw", tmp_path / "out", backend="rules", workers=1)
    m = store.read_table(tmp_path / "out", "meetings").set_index("article_id")
    assert tuple(m.loc["d_aralik", ["date", "date_precision"]]) == ("2021-03-15/2021-03-16", "day")
    assert m.loc["b_ay", "event_id"] == m.loc["d_aralik", "event_id"]
    assert (m.loc["b_ay", "date"], m.loc["b_ay", "date_basis"]) == ("2021-03-15/2021-03-16", "event")


def test_incremental_builds_share_dates_as_a_full_build_does(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "inc"
    write(raw, ["b_ay", "c_yil", "e_baska"])
    build(raw, out, backend="rules", workers=1)
    for step, expected in (("add", ("2021-03-16", "event")), ("remove", ("2021-03", "article"))):
        if step == "add":                         # the day arrives: the others take it
            write(raw, ["a_gun"])
        else:                                     # and leaves: they fall back to their own dates
            (raw / "a_gun.txt").unlink()
        build(raw, out, backend="rules", workers=1)
        full = tmp_path / f"full-{step}"
        build(raw, full, backend="rules", workers=1, force=True)
        assert_same_tables(out, full)
        m = store.read_table(out, "meetings").set_index("article_id")
        assert (m.loc["b_ay", "date"], m.loc["b_ay", "date_basis"]) == expected
