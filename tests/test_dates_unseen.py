"""Dates on text the seeds never showed (issue 17, part 5): ranges of days, anchors the text
gives ("ertesi gün", "zirvenin ikinci günü", "bu gece 00.01", "geçen hafta sonu"), and numbers
that are no calendar dates. Every sentence is written for these tests (other names, dates and
places than the seeds), after constructions read in Turkish news of 2019–2025."""
from __future__ import annotations

import time

import pytest

from newsgraph.analysis import dateresolve
from newsgraph.analysis.dateresolve import resolve
from newsgraph.analysis.dates import DateMention, find_dates


def tag(text: str) -> list[DateMention]:
    """find_dates, checking what every answer must keep: exact offsets, order, no overlap."""
    found = find_dates(text)
    for m in found:
        assert text[m.start:m.end] == m.surface and m.surface == m.surface.strip() != ""
        assert m.kind in ("date", "time", "weekday", "relative")        # no anaphor leaves the tagger
    assert all(a.end <= b.start for a, b in zip(found, found[1:])), found
    return found


def values(text: str, published: str) -> list[tuple[str, str | None]]:
    """(surface, value) of every date in text, resolved as the per-article stage does."""
    rows = [{"start": m.start, "end": m.end, "surface": m.surface, "kind": m.kind, "partial": m.partial,
             "offset_unit": m.offset_unit, **{k: getattr(m, k) for k in dateresolve.COMPONENTS}}
            for m in tag(text)]
    return [(r["surface"], r["value"]) for r in dateresolve.resolve_local(rows, published)]


# ---- 1. ranges of days ---------------------------------------------------------------------

@pytest.mark.parametrize("sentence, surface, partial", [
    ("Heyetler 6-7 Nisan tarihlerinde Ankara'da bir araya gelecek.", "6-7 Nisan", "--04-06/--04-07"),
    ("Forum 15 – 17 Mart'ta Antalya'da düzenlendi.", "15 – 17 Mart", "--03-15/--03-17"),
    ("Kuleba ile Fidan 21 ve 22 Ekim'de Kiev'de görüştü.", "21 ve 22 Ekim", "--10-21/--10-22"),
    ("Tatbikat 28 Ağustos-2 Eylül 2023 tarihleri arasında yapıldı.", "28 Ağustos-2 Eylül 2023",
     "2023-08-28/2023-09-02"),
    ("Heyet 29 Şubat - 1 Mart 2024 günlerinde Bakü'deydi.", "29 Şubat - 1 Mart 2024", "2024-02-29/2024-03-01"),
    ("Müzakereler 30 Aralık 2021 - 3 Ocak 2022 arasında sürdü.", "30 Aralık 2021 - 3 Ocak 2022",
     "2021-12-30/2022-01-03"),
    ("Görüşmeler 9 ile 11 Haziran tarihleri arasında Doha'da yapılacak.", "9 ile 11 Haziran", "--06-09/--06-11"),
    ("Zirve 16-19 Kasım günlerini kapsayacak.", "16-19 Kasım", "--11-16/--11-19"),
    ("BAKANLAR 4-5 TEMMUZ'DA BİR ARAYA GELİYOR", "4-5 TEMMUZ", "--07-04/--07-05"),
])
def test_a_range_of_days_is_one_mention(sentence: str, surface: str, partial: str) -> None:
    [m] = tag(sentence)
    assert (m.surface, m.kind, m.partial) == (surface, "date", partial)


def test_two_days_that_do_not_follow_each_other_are_two_dates() -> None:
    found = tag("İki bakan 11 ve 18 Şubat'ta telefonda görüşmüştü.")
    assert [(m.surface, m.partial) for m in found] == [("11", "--02-11"), ("18 Şubat", "--02-18")]


def test_two_months_that_share_aylari_are_two_dates() -> None:
    found = tag("İki lider daha önce ağustos ve temmuz aylarında da yüz yüze görüşmüştü.")
    assert [(m.surface, m.month) for m in found] == [("ağustos", 8), ("temmuz ayları", 7)]
    assert values("Mart ve Nisan aylarında iki kez görüştüler.", "2023-06-01") == [("Mart", "2023-03"), ("Nisan ayları", "2023-04")]


@pytest.mark.parametrize("text, dates", [
    ("5-3 Mart", ["3 Mart"]), ("31-32 Ocak", []), ("30 Şubat-2 Mart", ["2 Mart"]), ("3-4 May", []),
    ("12 Nisan - 9 Nisan", ["12 Nisan", "9 Nisan"]),
])
def test_no_range_that_cannot_be(text: str, dates: list[str]) -> None:
    found = tag(text)
    assert all(m.end_day is None for m in found) and [m.surface for m in found] == dates


@pytest.mark.parametrize("text, published, value", [
    ("Heyet 6-7 Nisan'da Ankara'daydı.", "2022-04-20", "2022-04-06/2022-04-07"),
    ("Heyet 6-7 Nisan'da Ankara'daydı.", None, None),                       # no year anywhere
    ("Müzakereler 30 Aralık-2 Ocak tarihlerinde sürdü.", "2020-01-10", "2019-12-30/2020-01-02"),
    ("Müzakereler 30 Aralık-2 Ocak tarihlerinde sürecek.", "2019-12-02", "2019-12-30/2020-01-02"),
    ("Heyet 28 Şubat-1 Mart tarihlerinde Ankara'daydı.", "2024-03-05", "2024-02-28/2024-03-01"),
    ("Heyet 29 Şubat-1 Mart tarihlerinde Ankara'daydı.", "2023-03-05", None),   # 2023 had no 29 Şubat
])
def test_a_range_resolves_to_an_iso_interval(text: str, published: str | None, value: str | None) -> None:
    assert values(text, published)[0][1] == value


def test_a_range_keeps_its_end_through_the_dates_table() -> None:
    # Years are re-resolved corpus-wide from table rows: the row must rebuild the whole range.
    [m] = tag("Bakanlar 3-5 Mart'ta Soçi'de görüştü.")
    row = {"start": m.start, "end": m.end, "surface": m.surface, "kind": m.kind, "partial": m.partial,
           **{k: getattr(m, k) for k in dateresolve.COMPONENTS}}
    assert dateresolve.mention_of(row) == m
    assert resolve(dateresolve.mention_of(row), year=2021).value == "2021-03-03/2021-03-05"


# ---- 3. anchors the text gives ---------------------------------------------------------------

@pytest.mark.parametrize("text, published, expected", [
    # "ertesi gün": the day after the date just named
    ("Şoygu 14 Eylül'de Tahran'a gitti. Ertesi gün İranlı mevkidaşıyla görüştü.", "2022-09-20",
     [("14 Eylül", "2022-09-14"), ("Ertesi gün", "2022-09-15")]),
    ("Delegasyon 31 Aralık'ta Kahire'ye vardı, ertesi gün temaslarına başladı.", "2021-01-04",
     [("31 Aralık", "2020-12-31"), ("ertesi gün", "2021-01-01")]),
    ("Müzakereler 10-12 Mayıs'ta sürdü; ertesi gün ortak bildiri yayımlandı.", "2023-05-20",
     [("10-12 Mayıs", "2023-05-10/2023-05-12"), ("ertesi gün", "2023-05-13")]),
    ("Dün Bakü'ye giden Akar, ertesi gün Aliyev ile görüşecek.", "2021-06-08",
     [("Dün", "2021-06-07"), ("ertesi gün", "2021-06-08")]),
    ("Lavrov 2 Kasım 2021'de Roma'ya geldi. Aynı gün Di Maio ile bir araya geldi.", "2021-11-05",
     [("2 Kasım 2021", "2021-11-02"), ("Aynı gün", "2021-11-02")]),
    # the Nth day of an event dated before
    ("G20 Zirvesi 15-16 Kasım'da Bali'de yapıldı. Zirvenin ikinci gününde Erdoğan, Biden ile görüştü.",
     "2022-11-18", [("15-16 Kasım", "2022-11-15/2022-11-16"), ("Zirvenin ikinci günü", "2022-11-16")]),
    ("7 Haziran'da başlayan toplantının ilk gününde bakanlar Kırım'ı ele aldı.", "2024-06-10",
     [("7 Haziran", "2024-06-07"), ("toplantının ilk günü", "2024-06-07")]),
    ("Bayraktar 3 Ekim'de başlayan ziyaretinin üçüncü gününde Aşkabat'taydı.", "2023-10-09",
     [("3 Ekim", "2023-10-03"), ("ziyaretinin üçüncü günü", "2023-10-05")]),
    # a count from a date written just before it
    ("Ateşkes 27 Eylül'den iki gün sonra bozuldu.", "2020-10-01",
     [("27 Eylül", "2020-09-27"), ("iki gün sonra", "2020-09-29")]),
    ("Heyet 9 Mart'tan önceki gün Minsk'e ulaştı.", "2022-03-12",
     [("9 Mart", "2022-03-09"), ("önceki gün", "2022-03-08")]),
    # counted from the publication date
    ("Önceki gün Kiev'e giden Kalın, Zelenskiy ile görüştü.", "2023-08-17",
     [("Önceki gün", "2023-08-15")]),
    ("Yeni tarifeler bu gece 00.01 itibarıyla yürürlüğe girecek.", "2022-12-30",
     [("bu gece 00.01", "2022-12-31T00:01")]),
    ("Yeni tarifeler bu gece saat 23.00'ten itibaren geçerli olacak.", "2022-12-30",
     [("bu gece saat 23.00", "2022-12-30T23:00")]),
    ("Kremlin dün akşam bir açıklama yayımladı.", "2024-02-01", [("dün akşam", "2024-01-31")]),
    ("Fidan bu sabah Doha'ya hareket etti.", "2024-04-18", [("bu sabah", "2024-04-18")]),
    ("Dün gece yarısı sona eren süre uzatılmadı.", "2021-07-19", [("Dün gece yarısı", "2021-07-19T00:00")]),
    ("İki lider geçen hafta sonu telefonda görüştü.", "2022-10-12",       # a Wednesday
     [("geçen hafta sonu", "2022-10-08/2022-10-09")]),
    ("Bakanlar bu hafta sonunda Belgrad'da buluşacak.", "2022-10-12", [("bu hafta sonu", "2022-10-15/2022-10-16")]),
    # a day and month without a year: the publication year, or the one beside it within six months
    ("Görüşme 28 Aralık'ta Ankara'da yapıldı.", "2021-01-06", [("28 Aralık", "2020-12-28")]),
    ("Görüşmenin 4 Ocak'ta yapılması bekleniyor.", "2020-12-21", [("4 Ocak", "2021-01-04")]),
    ("Putin'in ziyareti 12 Temmuz'da.", "2024-03-01", [("12 Temmuz", "2024-07-12")]),
])
def test_anchors_the_text_gives(text: str, published: str, expected: list) -> None:
    assert values(text, published) == expected


@pytest.mark.parametrize("text", [
    "Ateşkesin ikinci gününde çatışmalar yeniden başladı.",          # the ceasefire is not dated here
    "Ertesi gün heyet Moskova'dan ayrıldı.",                         # no date named before it
    "Seçimden önceki gün Erdoğan mitinge katıldı.",                  # counted from the election
    "Görüşmeden iki gün sonra açıklama yapıldı.",                    # counted from the meeting
    "Zirvenin ilk gününden beri taraflar uzlaşamadı.",
    "O günden beri iki ülke arasında üst düzey temas olmadı.",
    "Geçen cuma Ankara'ya gelen heyet ertesi gün ayrıldı.",          # a weekday: not pinned here
])
def test_anchors_without_their_date_give_no_row(text: str) -> None:
    assert not any("gün" in m.surface.lower() and m.kind != "weekday" for m in tag(text))


def test_a_later_date_named_next_to_another_event_is_not_the_anchor() -> None:
    text = ("NATO Zirvesi 11-12 Temmuz'da Vilnius'ta yapıldı. Erdoğan 10 Temmuz'da Vilnius'a geldi. "
            "Zirvenin ikinci gününde Erdoğan, Rutte ile görüştü.")
    assert values(text, "2023-07-14")[-1] == ("Zirvenin ikinci günü", "2023-07-12")


def test_ertesi_gun_looks_back_two_sentences_at_most() -> None:
    far = "Heyet 4 Nisan'da geldi. " + "Bakanlık bu konuda ayrıntılı bir açıklama yapmadı. " * 7
    assert values(far + "Ertesi gün Aliyev'le görüştü.", "2022-04-10") == [("4 Nisan", "2022-04-04")]


# ---- 4. numbers that are not calendar dates ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "Görüşme saat 14.30'da başladı.", "Toplantı saat 10:00'da başlayacak.",
    "İki gün süren görüşmelerde ateşkes ele alındı.", "Toplantı 3 saat sürdü.",
    "Taraflar iki haftadır müzakere ediyor.", "Çatışmalar 10 gündür sürüyor.",
    "30 yıl önce imzalanan antlaşma", "Bu karardan iki yıl sonra ilişkiler düzeldi.",
    "Anlaşma 15 yıl önce imzalanmıştı.", "Bölgeye 3 bin asker gönderildi.",
    "Kentte 2000'den fazla kişi tahliye edildi.", "BM'nin 2254 sayılı kararı uyarınca",
    "Ticaret hacmi yüzde 20 arttı.", "Enflasyon %12,5 oldu.", "Bilgi için 0312 415 20 23 numaralı hat aranabilir.",
    "Çağrı merkezi: 444 1 234", "Proje 1,5 milyar dolara mal oldu.", "Fiyat 12.50 TL'ye çıktı.",
    "Galatasaray, Fenerbahçe'yi 3-1 yendi.", "Maç 2-2 berabere bitti.", "Ev sahibi 1-0 öne geçti.",
    "Heyette 12-15 kişi yer alıyor.", "2000'li yıllarda ilişkiler gelişti.", "1990'larda Kafkasya",
    "Rapor 2019 sayılı kanuna dayanıyor.", "İlk günden beri bunu söylüyoruz.",
])
def test_no_calendar_value(text: str) -> None:
    for published in ("2023-05-14", None):
        assert all(value is None for _, value in values(text, published)), (text, values(text, published))


@pytest.mark.parametrize("text", ["30 yıl önce", "iki yıl sonra", "15 yıl önce imzalanan", "bir yıl sonra",
                                  "iki gün süren", "3 saat", "iki haftadır", "10 gündür", "3 bin asker"])
def test_durations_and_periods_have_no_row_at_all(text: str) -> None:
    assert tag(text) == []


def test_a_clock_time_alone_is_a_row_without_a_value() -> None:
    assert values("Görüşme saat 14.30'da başladı.", "2023-05-14") == [("saat 14.30", None)]


# ---- English month names (quoted posts, agency copy) -----------------------------------------

@pytest.mark.parametrize("text, surface, partial", [
    ("— Bir gazeteci (@ornek) March 3, 2022", "March 3, 2022", "2022-03-03"),
    ("Açıklama 21 September 2020 tarihli.", "21 September 2020", "2020-09-21"),
])
def test_english_month_names_with_a_year(text: str, surface: str, partial: str) -> None:
    [m] = tag(text)
    assert (m.surface, m.partial) == (surface, partial)


@pytest.mark.parametrize("text", ["Theresa May 2019'da istifa etti.", "10 May", "Genelkurmay 5 kişilik"])
def test_english_month_names_without_a_date(text: str) -> None:
    assert all(m.month is None for m in tag(text))


# ---- speed on odd input -----------------------------------------------------------------------

@pytest.mark.parametrize("text", ["3-" * 5000, "3 ve " * 3000, "1 Ocak - " * 3000, "ertesi gün " * 3000,
                                  "zirvenin ikinci günü " * 3000, "3 Mart. " * 3000 + "zirvenin ikinci günü " * 3000,
                                  "bu gece " * 3000, "geçen hafta sonu " * 3000])
def test_no_blow_up_on_odd_input(text: str) -> None:
    start = time.perf_counter()
    tag(text)
    assert time.perf_counter() - start < 1.0


# ---- months told by the word before them ---------------------------------------------------

@pytest.mark.parametrize("sentence, published, expected", [
    ("İki lider geçtiğimiz kasım ayında Doha'da görüşmüştü.", "2023-03-20", [("geçtiğimiz kasım ayı", "2022-11")]),
    ("Bakanlar önümüzdeki mart ayında görüşecek.", "2023-03-20", [("önümüzdeki mart ayı", "2024-03")]),
    ("Heyetler geçen Şubat ayı sonunda Bakü'de buluştu.", "2023-03-20", [("geçen Şubat ayı sonu", "2023-02")]),
    ("Heyetler 2021'in Aralık ayında Moskova'da bir araya geldi.", "2023-03-20", [("2021'in Aralık ayı", "2021-12")]),
])
def test_a_month_takes_its_year_from_the_word_before_it(sentence, published, expected):
    assert values(sentence, published) == expected


# ---- bare weekdays by the tense of what they date -------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("Heyetler cuma günü İstanbul'da görüşecek.", "2025-07-25"),                 # a Tuesday: the coming Friday
    ("Çarşamba günü Ankara'ya gelen heyet görüşmelerini tamamladı.", "2025-07-23"),   # nearest: no verb moves it back
    ("Çarşamba günkü ziyaret perşembeye ertelendi.", "2025-07-23"),
])
def test_a_bare_weekday_of_what_is_to_come_is_not_before_the_article(sentence, expected):
    """As the per-article stage gives a weekday the tense of its clause (published on a Tuesday)."""
    from newsgraph.analysis import dates as dt
    rows = []
    for m in tag(sentence):
        if m.kind == "weekday":
            tense = dt.tense_of(m, sentence, len(sentence))
            rows.append({"start": m.start, "end": m.end, "surface": m.surface, "kind": m.kind, "partial": m.partial,
                         "offset_unit": m.offset_unit, "tense": tense, **{k: getattr(m, k) for k in dateresolve.COMPONENTS}})
    assert [r["value"] for r in dateresolve.resolve_local(rows, "2025-07-22")][:1] == [expected]
