"""Tests for the Turkish temporal tagger: real seed sentences, news-like sentences, non-dates,
and the resolution rules."""
from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from newsgraph.analysis.dateresolve import Anchor, Resolved, resolve
from newsgraph.analysis.dates import DateMention, find_dates
from newsgraph.base.textnorm import normalize_apostrophes

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def tag(text: str) -> list[DateMention]:
    """find_dates, checking what every answer must keep: exact offsets, order, no overlap."""
    found = find_dates(text)
    for m in found:
        assert text[m.start:m.end] == m.surface and m.surface == m.surface.strip() != ""
    assert all(a.end <= b.start for a, b in zip(found, found[1:])), found
    return found


def only(text: str) -> DateMention:
    found = tag(text)
    assert len(found) == 1, found
    return found[0]


def triples(text: str) -> list[tuple[str, str, str]]:
    return [(m.surface, m.kind, m.partial) for m in tag(text)]


def seed(stem_prefix: str) -> str:
    """A seed article with its curly apostrophes made straight, as the cleaner leaves them."""
    (path,) = RAW.glob(f"{stem_prefix}_*.txt")
    return normalize_apostrophes(path.read_text(encoding="utf-8"))


# ---- what it finds ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, surface, kind, partial", [
    ("5 Mart 2020", "5 Mart 2020", "date", "2020-03-05"),
    ("5 Mart 2020 tarihinde", "5 Mart 2020", "date", "2020-03-05"),
    ("12.01.2020", "12.01.2020", "date", "2020-01-12"),
    ("12/01/2020", "12/01/2020", "date", "2020-01-12"),
    ("2020-01-12", "2020-01-12", "date", "2020-01-12"),
    ("19 Ocak'ta", "19 Ocak", "date", "--01-19"),
    ("8 Ocak", "8 Ocak", "date", "--01-08"),
    ("5 Mart'ta", "5 Mart", "date", "--03-05"),
    ("1 Eylül'de", "1 Eylül", "date", "--09-01"),
    ("12 Ocak gece yarısı 00.00'da", "12 Ocak gece yarısı 00.00", "date", "--01-12T00:00"),
    ("12 Ocak gece yarısı", "12 Ocak gece yarısı", "date", "--01-12T00:00"),
    ("Ocak 2020", "Ocak 2020", "date", "2020-01"),
    ("Ocak 2020'de", "Ocak 2020", "date", "2020-01"),
    ("Mart ayında", "Mart ayı", "date", "--03"),
    ("2020 yılının Mart ayında", "2020 yılının Mart ayı", "date", "2020-03"),
    ("2018 tarihli", "2018", "date", "2018"),
    ("2020 yılında", "2020 yılı", "date", "2020"),
    ("2020'de", "2020", "date", "2020"),
    ("2019 yılı", "2019 yılı", "date", "2019"),
    ("2019'dan beri", "2019", "date", "2019"),
    ("00.00", "00.00", "time", "T00:00"),
    ("00.00'da", "00.00", "time", "T00:00"),
    ("saat 14.30", "saat 14.30", "time", "T14:30"),
    ("saat 15:00", "saat 15:00", "time", "T15:00"),
    ("saat 15'te", "saat 15", "time", "T15:00"),
    ("TSİ 18.45'te", "TSİ 18.45", "time", "T18:45"),           # Türkiye saati: part of the clock time
    ("akşam 8.30'da", "akşam 8.30", "time", "T20:30"),
    ("gece yarısı", "gece yarısı", "time", "T00:00"),
    ("gece yarısından sonra", "gece yarısı", "time", "T00:00"),
    ("pazartesi", "pazartesi", "weekday", "-W-1"),
    ("Pazartesi günü", "Pazartesi günü", "weekday", "-W-1"),
    ("salıya kadar", "salı", "weekday", "-W-2"),
    ("Çarşamba", "Çarşamba", "weekday", "-W-3"),
    ("perşembeden beri", "perşembe", "weekday", "-W-4"),
    ("cuma günü", "cuma günü", "weekday", "-W-5"),
    ("cumartesiyi", "cumartesi", "weekday", "-W-6"),
    ("pazar saat 00.00'da", "pazar saat 00.00", "weekday", "-W-7T00:00"),
    ("dün", "dün", "relative", ""),
    ("bugün", "bugün", "relative", ""),
    ("Bugünkü", "Bugünkü", "relative", ""),
    ("yarın", "yarın", "relative", ""),
    ("önceki gün", "önceki gün", "relative", ""),
    ("evvelki gün", "evvelki gün", "relative", ""),
    ("geçen hafta", "geçen hafta", "relative", ""),
    ("gelecek hafta", "gelecek hafta", "relative", ""),
    ("önümüzdeki hafta", "önümüzdeki hafta", "relative", ""),
    ("bu hafta", "bu hafta", "relative", ""),
    ("geçen ay", "geçen ay", "relative", ""),
    ("geçen yıl", "geçen yıl", "relative", ""),
    ("geçen sene", "geçen sene", "relative", ""),
    ("bu yıl", "bu yıl", "relative", ""),
    ("iki gün önce", "iki gün önce", "relative", ""),
    ("3 gün sonra", "3 gün sonra", "relative", ""),
    ("bir hafta önce", "bir hafta önce", "relative", ""),
    ("dün saat 14.00'te", "dün saat 14.00", "relative", "T14:00"),
    ("geçen ayın 5'inde", "geçen ayın 5", "relative", "---05"),
    ("15 ŞUBAT'TA", "15 ŞUBAT", "date", "--02-15"),          # capitals, dotted/dotless I
    ("EYLÜL AYINDA", "EYLÜL AYI", "date", "--09"),
    ("1 ARALIK 2019", "1 ARALIK 2019", "date", "2019-12-01"),
    ("28 Subat 2020", "28 Subat 2020", "date", "2020-02-28"),  # Turkish letters lost
])
def test_finds(text: str, surface: str, kind: str, partial: str) -> None:
    m = only(text)
    assert (m.surface, m.kind, m.partial) == (surface, kind, partial)


def test_finds_inside_a_sentence_with_offsets() -> None:
    text = "Heyet 19 Ocak'ta Berlin'e gitti."
    m = only(text)
    assert (m.start, m.end, text[m.end:m.end + 3]) == (6, 13, "'ta")


def test_fields_of_a_date_with_time() -> None:
    m = only("12 Ocak gece yarısı 00.00'da")
    assert (m.year, m.month, m.day, m.hour, m.minute, m.weekday) == (None, 1, 12, 0, 0, None)


def test_year_range_gives_two_years() -> None:
    assert triples("1990-2000 arasında") == [("1990", "date", "1990"), ("2000", "date", "2000")]


@pytest.mark.parametrize("text, offset, offset_days, unit", [
    ("dün", -1, -1, "day"),
    ("bugün", 0, 0, "day"),
    ("yarın", 1, 1, "day"),
    ("önceki gün", -2, -2, "day"),
    ("iki gün önce", -2, -2, "day"),
    ("3 gün sonra", 3, 3, "day"),
    ("geçen hafta", -1, -7, "week"),
    ("bir hafta önce", -1, -7, "week"),
    ("gelecek hafta", 1, 7, "week"),
    ("geçen ay", -1, None, "month"),
    ("geçen yıl", -1, None, "year"),
    ("bu yıl", 0, None, "year"),
])
def test_relative_offsets(text: str, offset: int, offset_days: int | None, unit: str) -> None:
    m = only(text)
    assert (m.offset, m.offset_days, m.offset_unit) == (offset, offset_days, unit)


@pytest.mark.parametrize("text, weekday, offset", [
    ("geçen cuma", 4, -1),
    ("önümüzdeki salı günü", 1, 1),
    ("perşembe", 3, None),
])
def test_weekday_direction(text: str, weekday: int, offset: int | None) -> None:
    m = only(text)
    assert (m.surface, m.weekday, m.offset) == (text, weekday, offset)


# ---- the real seed articles ------------------------------------------------------------------

SEED_SENTENCES = [
    ("000", "Açıklamaya göre terörle mücadeleye dönük ortak çabaların aktif hale getirilmesine "
            "odaklanarak Suriye'deki durumu istişare eden Putin ve Erdoğan, 2018 tarihli Soçi "
            "Mutabakatı'na ek olarak 5 Mart'ta kabul edilen protokol başta olmak üzere İdlib "
            "gerilimi azaltma bölgesiyle ilgili Rus-Türk mutabakatlarının uygulanması amacıyla "
            "koordinasyonu sürdürmeyi kararlaştırdı.",
     [("2018", "date", "2018"), ("5 Mart", "date", "--03-05")]),
    ("001", "Akar tarafından görüşmede ayrıca, Türkiye'nin İdlib'de barışın ve istikrarın "
            "sağlanmasına yönelik 5 Mart 2020 tarihinde yapılan mutabakat çerçevesindeki "
            "taahhütlerini yerine getirdiği, masum insanların gönüllü ve güvenli şekilde "
            "evlerine dönebilmeleri için Türkiye'nin elinden gelen gayreti göstermeyi devam "
            "ettiği kaydedildi.",
     [("5 Mart 2020", "date", "2020-03-05")]),
    ("002", "Cumhurbaşkanı Erdoğan ile Rusya Devlet Başkanı Putin, 8 Ocak'ta yaptıkları ortak "
            "basın açıklamasında, Libya'daki tüm taraflara ateşkes çağrısı yapmıştı.",
     [("8 Ocak", "date", "--01-08")]),
    ("002", "Böylece ateşkes gece yarısından sonra yürürlüğü girdi.",
     [("gece yarısı", "time", "T00:00")]),
    ("003", "Bakanlıktan yapılan yazılı açıklamada, Rus ve Türk yetkililerinin Libya ile ilgili "
            "olarak dün başkent Moskova'da istişarelerde bulunduğu anımsatıldı.",
     [("dün", "relative", "")]),
    ("003", "Almanya'nın bařkenti Berlin'de 19 Ocak'ta gerekleřen konferansın kararlarının "
            "uygulanması gerektiđine iřaret edilen aıklamada,",
     [("19 Ocak", "date", "--01-19")]),
    ("004", "Toplantıda konuşan Dışişleri Bakanı Çavuşoğlu, İki lider Libya'da, 12 Ocak gece "
            "yarısı 00.00'da ateşkes sağlanması için çağrıda bulunuyor dedi.",
     [("12 Ocak gece yarısı 00.00", "date", "--01-12T00:00")]),
    ("004", "Bugünkü görüşmenin neticesi olarak bir ortak açıklamayı biraz sonra sizlere "
            "dağıtacağız.",
     [("Bugünkü", "relative", "")]),
    ("004", "Özelikle Libya'da ateşkesle ilgili şunu vurgulamak isterim; bugün Cumhurbaşkanımız "
            "Erdoğan ve Rusya Devlet Başkanı Putin, 12 Ocak gece yarısı 00.00'da Libya'da "
            "ateşkesin sağlanması için bir çağrıda bulunuyorlar",
     [("bugün", "relative", ""), ("12 Ocak gece yarısı 00.00", "date", "--01-12T00:00")]),
    ("004", "Özellikle vurgulamak istediğim husus hem Sayın Putin hem Sayın Erdoğan, Libya'daki "
            "bütün taraflara çağrıda bulunarak kati ve koşulsuz ateşkesin cumartesiyi pazara "
            "bağlayan gecede yani pazar saat 00.00'da ateşkesin uygulanması için çağrı yapmıştır.",
     [("cumartesi", "weekday", "-W-6"), ("pazar", "weekday", "-W-7"),
      ("pazar saat 00.00", "weekday", "-W-7T00:00")]),
    # Sentences with numbers that are not dates.
    ("000", "Görüşmede Putin ve Erdoğan'ın Libya'da sürdürülebilir ateşkesin sağlanması ve Berlin "
            "Konferansı kararları ile BM Güvenlik Konseyi'nin 2510 sayılı kararı uyarınca doğrudan "
            "müzakerelerin başlaması için çatışan tarafların gerçekçi adımlar atmaları "
            "gerektiğinin altı bir kez daha çizildiği belirtildi.", []),
    ("000", "Covid-19 aşısında işbirliği geliştirilmeli Iki ülke başkanları, Rusya'nın "
            "geliştirdiği ve tescillediği koronavirüs aşısı bağlamında Covid-19'la mücadele "
            "alanındaki ilgili kurumlar arasında işbirliğinin geliştirilmesi gerektiğini "
            "kaydetti.", []),
    ("001", "Azerbaycan'ın çözüm için bir 30 yıl daha bekleyemeyeceği,", []),
    ("001", "Öte yandan, Türkiye ve Libya arasında 500 yıllık tarihi dostluk ve kardeşlik "
            "bağlarının bulunduğu,", []),
    ("002", "Toplantı sonrası Rusya Genelkurmay Başkanlığı, İdlib'de sivillerin tahliyesi için 3 "
            "yeni kontrol noktası açıldığını açıkladı.", []),
    ("002", "Basına kapalı gerçekleşen toplantı, yaklaşık 2 bucuk saat sürdü.", []),
    ("003", "İdlib'deki M4 kara yolunda Türkiye ile Rusya birliklerince ortak devriyelerin "
            "gerekleřtirildiđine dikkati eken Lavrov,", []),
    ("003", 'Lavrov, "Sonular yüzde 100 olmasa da fena deđil.', []),
    ("003", "Devriye, son günlerde yolun tamamında gerekleřti.", []),
    ("004", "Başlarında Süleymani' Son günlerde özellikle tırmanış gösteren bu Basra Körfezi'ndeki "
            "gerginlikle alakalı olarak", []),
]


@pytest.mark.parametrize("article, sentence, expected", SEED_SENTENCES)
def test_seed_sentences(article: str, sentence: str, expected: list) -> None:
    assert sentence in seed(article)                 # copied verbatim from the seed article
    assert triples(sentence) == expected


# The raw files still carry their header lines; "date 2020-01" of article 004 must yield nothing.
@pytest.mark.parametrize("article, expected", [
    ("000", ["2018", "5 Mart"]),
    ("001", ["5 Mart 2020", "5 Mart 2020"]),        # the article repeats its paragraphs
    ("002", ["8 Ocak", "gece yarısı"]),
    ("003", ["dün", "19 Ocak"]),
    ("004", ["12 Ocak gece yarısı 00.00", "Bugünkü", "bugün", "12 Ocak gece yarısı 00.00",
             "cumartesi", "pazar", "pazar saat 00.00"]),
])
def test_whole_seed_articles(article: str, expected: list[str]) -> None:
    assert [m.surface for m in tag(seed(article))] == expected


# ---- what it must leave alone ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2510 sayılı karar", "30 yıl", "bir 30 yıl daha", "500 yıllık", "yüzde 100", "yüzde 12.50",
    "3 yeni kontrol noktası", "2 bucuk saat", "Covid-19", "Covid-19'la", "M4", "1.5 milyon",
    "10.000 kişi", "12.50 TL", "Son günlerde", "BM Güvenlik Konseyi'nin 2510 sayılı kararı",
    "2000'den fazla asker", "2000 yıl önce", "31 Şubat", "2020-21 sezonu", "12.01 tarihinde",
    "dünya", "Dünya Bankası", "salıverildi", "bugüne kadar", "dünden bugüne", "bir önceki gün",
    "yarınlar", "bu ayrıntı", "bu yıllarda", "daha önce", "biraz sonra", "aylık rapor",
    "Cuma namazı sonrası", "Cuma Yılmaz açıkladı", "pazar payı arttı", "bu pazarda",
    "serbest pazar ekonomisi", "Pazar ilçesinde", "ocak başında bekleyen", "saat kulesi",
    "on yıl önce", "30 yıl önce", "iki yıl sonra",     # a period from an unknown point: no row
])
def test_not_dates(text: str) -> None:
    assert tag(text) == []


# ---- news-like sentences written for these tests ---------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("Dışişleri Bakanı Mevlüt Çavuşoğlu, 15 Şubat'ta Münih'te Rus mevkidaşı Sergey Lavrov ile "
     "bir araya geldi.", [("15 Şubat", "date", "--02-15")]),
    ("Erdoğan ile Putin, 5 Mart 2020 tarihinde Moskova'da yaklaşık 6 saat süren bir görüşme "
     "gerçekleştirdi.", [("5 Mart 2020", "date", "2020-03-05")]),
    ("Heyetlerin önümüzdeki hafta Ankara'da yeniden bir araya gelmesi bekleniyor.",
     [("önümüzdeki hafta", "relative", "")]),
    ("Akar, geçen ay Trablus'ta Serrac ile görüşmüştü.", [("geçen ay", "relative", "")]),
    ("Rus askeri heyeti 16 Eylül 2020 Çarşamba günü Ankara'ya geldi.",
     [("16 Eylül 2020 Çarşamba günü", "date", "2020-09-16")]),
    ("Görüşme saat 14.30'da başladı ve yaklaşık 3 saat sürdü.",
     [("saat 14.30", "time", "T14:30")]),
    ("Ateşkes 12/01/2020 tarihinde saat 00:00 itibarıyla yürürlüğe girdi.",
     [("12/01/2020", "date", "2020-01-12"), ("saat 00:00", "time", "T00:00")]),
    ("Ateşkes 12 Ocak Pazar günü saat 00.00 itibarıyla başladı.",
     [("12 Ocak Pazar günü saat 00.00", "date", "--01-12T00:00")]),
    ("Libya'da 2011 yılında başlayan iç savaş, 2014'ten bu yana iki ayrı yönetimle sürüyor.",
     [("2011 yılı", "date", "2011"), ("2014", "date", "2014")]),
    ("Lavrov, 2019-2020 döneminde iki ülke arasında 30'dan fazla görüşme yapıldığını söyledi.",
     [("2019", "date", "2019"), ("2020", "date", "2020")]),
    ("Erdoğan, 2023'e kadar 100 milyar dolarlık ticaret hacmi hedefini hatırlattı.",
     [("2023", "date", "2023")]),
    ("Bakan, gelecek yıl Moskova'yı ziyaret edeceğini, ziyaretin Mart ayı sonunda "
     "yapılmasının beklendiğini söyledi.",
     [("gelecek yıl", "relative", ""), ("Mart ayı sonu", "date", "--03")]),
    ("Zirvenin Nisan başında İstanbul'da yapılması planlanıyor.", [("Nisan başı", "date", "--04")]),
    ("Bakan dün akşam saat 21.00'de yazılı bir açıklama yaptı.",
     [("dün akşam saat 21.00", "relative", "T21:00")]),
    ("Türk heyeti 13-14 Ocak tarihlerinde Moskova'da temaslarda bulundu.",
     [("13-14 Ocak", "date", "--01-13/--01-14")]),
    ("PUTİN İLE ERDOĞAN 8 OCAK'TA İSTANBUL'DA GÖRÜŞTÜ", [("8 OCAK", "date", "--01-08")]),
    ("Zirve 28 Subat 2020 Cuma gunu Ankara'da yapildi.",
     [("28 Subat 2020 Cuma", "date", "2020-02-28")]),
    ("Rehineler iki gün önce serbest bırakıldı, 3 Ekim'de salıverilen gazeteci ise ülkesine "
     "döndü.", [("iki gün önce", "relative", ""), ("3 Ekim", "date", "--10-03")]),
    ("Bakanlar pazar günü İstanbul'da görüşecek.", [("pazar günü", "weekday", "-W-7")]),
    ("Erdoğan cuma namazının ardından gazetecilerin sorularını yanıtladı.", []),
    ("Dünya Sağlık Örgütü, salgının önümüzdeki aylarda da süreceği uyarısında bulundu.", []),
    ("Ticaret hacmi geçen yılın aynı dönemine göre yüzde 12.50 arttı.",
     [("geçen yıl", "relative", "")]),
    ("Görüşmeler bu ayın 15'inde Soçi'de yeniden başlayacak.",
     [("bu ayın 15", "relative", "---15")]),
])
def test_news_sentences(sentence: str, expected: list) -> None:
    assert triples(sentence) == expected


# ---- resolution ------------------------------------------------------------------------------

def res(text: str, anchor: Anchor | None = None, year: int | None = None) -> tuple:
    r = resolve(only(text), anchor, year)
    return r.value, r.precision, r.basis


def test_explicit_year_wins_over_anchor_and_year() -> None:
    assert res("5 Mart 2020", Anchor(2021, 6, 1), year=2019) == ("2020-03-05", "day", "explicit")
    assert res("2018 tarihli") == ("2018", "year", "explicit")
    assert res("Ocak 2020'de") == ("2020-01", "month", "explicit")
    assert res("2020 yılının Mart ayında") == ("2020-03", "month", "explicit")


def test_given_year_then_anchor_year() -> None:
    assert res("19 Ocak'ta", Anchor(2019), year=2020) == ("2020-01-19", "day", "year_inferred")
    assert res("8 Ocak", Anchor(2020)) == ("2020-01-08", "day", "year_inferred")
    assert res("Mart ayında", Anchor(2020, 1, 10)) == ("2020-03", "month", "year_inferred")


def test_anchor_year_is_the_one_nearest_the_anchor() -> None:
    assert res("28 Aralık'ta", Anchor(2020, 1)) == ("2019-12-28", "day", "year_inferred")
    assert res("5 Ocak'ta", Anchor(2019, 12, 20)) == ("2020-01-05", "day", "year_inferred")
    assert res("Haziran ayında", Anchor(2020, 1)) == ("2020-06", "month", "year_inferred")
    assert res("28 Aralık'ta", Anchor(2020, 1), year=2020) == ("2020-12-28", "day", "year_inferred")


def test_without_year_or_anchor_nothing_is_fixed() -> None:
    m = only("19 Ocak'ta")
    assert resolve(m) == Resolved(None, None, "year_inferred")
    assert m.partial == "--01-19"


def test_time_attached_to_a_date_resolves_to_the_minute() -> None:
    assert res("12 Ocak gece yarısı 00.00'da", Anchor(2020, 1)) == (
        "2020-01-12T00:00", "minute", "year_inferred")
    assert res("12.01.2020 saat 14.30'da") == ("2020-01-12T14:30", "minute", "explicit")


def test_bare_time_is_not_a_date() -> None:
    assert resolve(only("gece yarısı"), Anchor(2020, 1, 12)) == Resolved(None, None, "relative")
    assert resolve(only("saat 15:00"), Anchor(2020, 1, 12)).value is None


def test_a_day_that_does_not_exist_in_the_year() -> None:
    assert res("29 Şubat", year=2019) == (None, None, "year_inferred")
    assert res("29 Şubat", year=2020) == ("2020-02-29", "day", "year_inferred")


@pytest.mark.parametrize("text, anchor, expected", [
    ("dün", Anchor(2020, 1, 12), ("2020-01-11", "day")),
    ("bugün", Anchor(2020, 1, 12), ("2020-01-12", "day")),
    ("yarın", Anchor(2020, 1, 31), ("2020-02-01", "day")),
    ("önceki gün", Anchor(2020, 1, 12), ("2020-01-10", "day")),
    ("iki gün önce", Anchor(2020, 3, 1), ("2020-02-28", "day")),
    ("3 gün sonra", Anchor(2019, 12, 30), ("2020-01-02", "day")),
    ("dün saat 14.00'te", Anchor(2020, 1, 12), ("2020-01-11T14:00", "minute")),
    # An anchor known to the month: "bugün" is in that month, "dün" may not be.
    ("bugün", Anchor(2020, 1), ("2020-01", "month")),
    ("dün", Anchor(2020, 1), (None, None)),
    ("bugün", Anchor(2020), ("2020", "year")),
    ("dün", None, (None, None)),
    ("geçen ay", Anchor(2020, 1), ("2019-12", "month")),
    ("geçen ay", Anchor(2020), (None, None)),
    ("bu ay", Anchor(2020), ("2020", "year")),
    ("geçen ayın 5'inde", Anchor(2020, 1), ("2019-12-05", "day")),
    ("geçen yıl", Anchor(2020), ("2019", "year")),
    ("bu yıl", Anchor(2020, 1, 12), ("2020", "year")),
    # A week is Monday–Sunday: seven days as an ISO interval; from an anchor of no day, nothing.
    ("geçen hafta", Anchor(2020, 1, 22), ("2020-01-13/2020-01-19", "day")),     # Monday to Sunday
    ("geçen hafta", Anchor(2020, 3, 4), ("2020-02-24/2020-03-01", "day")),
    ("geçen hafta", Anchor(2020, 1, 11), ("2019-12-30/2020-01-05", "day")),
    ("geçen hafta", Anchor(2020, 1), (None, None)),
])
def test_relative_words(text: str, anchor: Anchor | None, expected: tuple) -> None:
    assert res(text, anchor) == (*expected, "relative")


@pytest.mark.parametrize("text, anchor, expected", [
    ("pazar saat 00.00'da", Anchor(2020, 1, 11), ("2020-01-12T00:00", "minute")),   # a Saturday
    ("salı", Anchor(2020, 1, 11), ("2020-01-14", "day")),            # nearest: 3 days ahead
    ("perşembe", Anchor(2020, 1, 11), ("2020-01-09", "day")),        # nearest: 2 days back
    ("cumartesi günü", Anchor(2020, 1, 11), ("2020-01-11", "day")),  # the anchor's own day
    ("geçen cuma", Anchor(2020, 1, 10), ("2020-01-03", "day")),      # a Friday: the one before
    ("önümüzdeki salı", Anchor(2020, 1, 14), ("2020-01-21", "day")),  # a Tuesday: the next one
    ("salı", Anchor(2020, 1), (None, None)),                          # needs a day anchor
])
def test_weekdays(text: str, anchor: Anchor, expected: tuple) -> None:
    assert res(text, anchor) == (*expected, "relative")


def test_seed_weekday_with_the_article_date_line_anchor() -> None:
    # Article 004 says only "date 2020-01": a weekday cannot be pinned from a month.
    pazar = [m for m in tag(seed("004")) if m.kind == "weekday"][-1]
    assert resolve(pazar, Anchor.from_iso("2020-01")) == Resolved(None, None, "relative")


@pytest.mark.parametrize("value, expected", [
    ("2020", Anchor(2020)), ("2020-01", Anchor(2020, 1)), ("2020-01-12", Anchor(2020, 1, 12)),
    ("2020-01-12T10:00", Anchor(2020, 1, 12)), (None, None), ("", None), ("ocak", None),
])
def test_anchor_from_iso(value: str | None, expected: Anchor | None) -> None:
    assert Anchor.from_iso(value) == expected


# ---- speed -----------------------------------------------------------------------------------

def test_fast_on_real_articles() -> None:
    texts = [seed(f"{i:03d}") for i in range(5)]
    start = time.perf_counter()
    for _ in range(40):
        for text in texts:
            find_dates(text)
    per_article = (time.perf_counter() - start) / (40 * len(texts))
    assert per_article < 0.003       # about 0.3 ms here; the bound leaves room for slow CI


@pytest.mark.parametrize("text", ["1." * 10000, "12 " * 5000, "saat " * 4000, "önce " * 4000,
                                  "2020-" * 4000, "a'" * 10000])
def test_no_blow_up_on_odd_input(text: str) -> None:
    start = time.perf_counter()
    tag(text)
    assert time.perf_counter() - start < 1.0


def test_random_token_soup_keeps_the_invariants() -> None:
    tokens = ["12", "Ocak", "'ta", "2020", "yılı", "gece", "yarısı", "00.00", "saat", "15:00",
              "pazar", "cuma", "geçen", "hafta", "dün", "bugün", "iki", "gün", "önce", "ayın", "5'i",
              "Mart", "ayı", "başında", "-", ".", "İKİ", "1990-2000", "12.01.2020", "yüzde", "TL",
              "ř", "'", "salı", "29", "Şubat", "13-14", "Covid-19", "akşam", "9'da"]
    rng = random.Random(7)
    anchors = [None, Anchor(2020), Anchor(2020, 1), Anchor(2020, 1, 12), Anchor(2020, 2, 30)]
    for _ in range(2000):
        text = "".join(rng.choice(tokens) + " " * rng.randint(0, 1)
                       for _ in range(rng.randint(1, 10)))
        for m in tag(text):
            assert isinstance(m.partial, str)
            assert all(isinstance(resolve(m, a), Resolved) for a in anchors)


def test_the_tense_of_a_dates_clause():
    from newsgraph.analysis.dates import clause_tense
    cases = [("Erdoğan'ın 14 Şubat'ta Kahire'ye gerçekleştirdiği ziyarette ilişkiler yeni bir döneme girmişti.", "past"),
             ("Erdoğan 14 Şubat'ta Kahire'ye gidecek.", "future"),
             ("Putin ile 3 Mart'ta görüşmesi bekleniyor.", "future"),
             ("Hamas'ın 7 Ekim'de başlattığı saldırılar sürüyor.", "past"),
             ("Görüşme 10 Mart Pazartesi günü Ankara'da yapıldı.", "past"),
             ("Zirve 10 Mart'ta Ankara'da.", None)]
    for text, tense in cases:
        at = next(text.index(m) + len(m) for m in ("Şubat", "Mart", "Ekim") if m in text)
        assert clause_tense(text, at, len(text)) == tense, text


def test_a_year_from_the_article_date_follows_the_tense():
    from newsgraph.analysis.dateresolve import by_tense
    assert by_tense("2025-02-14", "2024-09-04", "past") == "2024-02-14"
    assert by_tense("2025-02-14", "2024-09-04", None) == "2025-02-14"
    assert by_tense("2024-01-10", "2024-09-04", "future") == "2025-01-10"
    assert by_tense("2024-10-20", "2024-09-04", "past") == "2024-10-20"      # the next month: a late date line, kept


def test_a_built_article_dates_a_past_day_before_itself(tmp_path):
    from newsgraph.jobs.build import build
    from newsgraph.storage import store
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Dış politika\n\nErdoğan'ın 14 Şubat'ta Kahire'ye gerçekleştirdiği ziyarette "
                               "iki ülke yeni bir döneme girmişti.\n", encoding="utf-8")
    (raw / "metadata.csv").write_text("article_id,url,source,published\na,,x,2024-09-04\n", encoding="utf-8")
    build(raw, tmp_path / "out", backend="rules", workers=1)
    dates = store.read_table(tmp_path / "out", "dates")
    row = dates[dates["surface"] == "14 Şubat"].iloc[0]
    assert (row["value"], row["tense"], row["year_source"]) == ("2024-02-14", "past", "article_date")
