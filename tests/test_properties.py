"""Property tests: no input, however random, makes ingest, the build or an upload raise;
every good article survives a build next to garbage."""
from __future__ import annotations

import io
import shutil
import tempfile
import warnings
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import seed
from newsgraph import settings as ng_settings
from newsgraph.storage import store
from newsgraph.jobs.build import build
from newsgraph.base.errors import IngestError
from newsgraph.ingest import ingest_bytes
from newsgraph.jobs.upload import ZipLimits, expand_zip, safe_name

FAST = settings(max_examples=200, deadline=None)
BUILDS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SUFFIXES = st.sampled_from([".txt", ".md", ".html", ".htm"])
LETTERS = "abcçdefgğhıijklmnoöprsştuüvyzABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZ"
ALPHABET = LETTERS + " .,;:!?'’‘\"“”«»-–—()…0123456789\n\n\t#*[]<>/=&řđŘĐ"
FRAGMENTS = [
    "Putin'le", "Şoygu'ya", "Hulusi Akar", "Erdoğan", "Lavrov", "Çavuşoğlu", "Hafter'le", "Serrac'la", "Moskova'da",
    "İdlib", "IDLIB", "Libya", "Karabağ", " ile ", " telefonda görüştü. ", " bir araya geldi. ", "5 Mart 2020",
    "8 Ocak", "19 Ocak'ta", "dün", "12 Ocak gece yarısı 00.00", "date 2020-01 Kamera Güven USTA İstanbul DHA\n",
    "HABERRUS –", "ANKARA –", "[Rusya](#)", "**", "\n# ", "\n\n", "<p>", "</p>", "<script>alert(1)</script>",
    "<a href='javascript:alert(1)'>", "<img src=x onerror=alert(1)>", "&amp;", "<!--", "<title>", "\r\n", "\ufeff",
]
ACTORS = ["Hulusi Akar", "Sergey Şoygu", "Erdoğan", "Putin", "Lavrov", "Mevlüt Çavuşoğlu", "Hafter", "Serrac"]
soup = st.lists(st.one_of(st.text(alphabet=ALPHABET, max_size=40), st.sampled_from(FRAGMENTS)), max_size=40).map("".join)
sentence = st.builds("{}{}, {} ile {}{}.".format, st.sampled_from(["", "5 Mart 2020'de ", "dün ", "8 Ocak'ta "]),
                     st.sampled_from(ACTORS), st.sampled_from(ACTORS), st.sampled_from(["", "Moskova'da ", "Ankara'da "]),
                     st.sampled_from(["telefonda görüştü", "bir araya geldi", "görüştü", "Libya'yı ele aldı"]))
news = st.builds(lambda title, body: f"{title}\n\n{' '.join(body)}", soup, st.lists(sentence, min_size=1, max_size=4))
turkish_text = st.one_of(soup, news, st.builds(str.__add__, news, soup))   # garbage, news-like, and both
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "windows-1254", "iso-8859-9"])
GOOD = (seed("000"), seed("004"))


def encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


raw_files = st.one_of(st.builds(encoded, turkish_text, ENCODINGS), st.binary(max_size=600))

@FAST
@given(st.binary(max_size=3000), SUFFIXES)
def test_random_bytes_become_an_article_or_an_ingest_error(data, suffix):
    try:
        art = ingest_bytes(data, "x", suffix)
    except IngestError as exc:
        assert str(exc)
        return
    assert any(c.isalnum() for c in art.text) and art.title      # a file of punctuation is no article


@FAST
@given(turkish_text, ENCODINGS, SUFFIXES)
def test_turkish_like_text_becomes_an_article_or_an_ingest_error(text, encoding, suffix):
    try:
        art = ingest_bytes(encoded(text, encoding), "x", suffix)
    except IngestError as exc:
        assert str(exc)
        return
    assert art.text.strip() and isinstance(art.title, str) and "\x00" not in art.text


@BUILDS
@given(st.lists(st.tuples(raw_files, SUFFIXES), min_size=1, max_size=3))
def test_build_never_raises_and_good_articles_survive(registry, tables, files):
    titles = tables["articles"].set_index("article_id")["title"]
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        for good in GOOD:
            shutil.copy(good, raw / good.name)
        for i, (data, suffix) in enumerate(files):
            (raw / f"random_{i}{suffix}").write_bytes(data)
        report = build(raw, Path(tmp) / "out", backend="rules", registry=registry, workers=1)
        built = store.read_table(Path(tmp) / "out", "articles").set_index("article_id")
    for good in GOOD:
        assert built.at[good.stem, "title"] == titles[good.stem]
    accounted = set(built.index) | {Path(p["path"]).stem for p in report.problems}
    assert accounted >= {f"random_{i}" for i in range(len(files))}          # nothing silently lost


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        warnings.simplefilter("ignore", UserWarning)            # duplicate names are part of the fun
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


zip_names = st.text(alphabet=LETTERS + "./\\_- ", min_size=1, max_size=20).map(lambda s: s + ".txt")
zips = st.lists(st.tuples(zip_names, st.binary(max_size=300)), max_size=6).map(_zip)


@st.composite
def damaged_zips(draw) -> bytes:
    """A real archive with some bytes overwritten (headers, sizes, names, data)."""
    data = bytearray(draw(zips))
    for _ in range(draw(st.integers(0, 8))):
        if data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


@FAST
@given(st.one_of(zips, damaged_zips(), st.binary(max_size=500)))
def test_any_archive_is_expanded_or_refused_within_the_limits(data):
    limits = ZipLimits(max_entries=5, max_total=1000, max_file=400)
    files, refused = expand_zip("x.zip", data, limits)
    assert len(files) <= limits.max_entries and sum(len(f.data) for f in files) <= limits.max_total
    assert all(len(f.data) <= limits.max_file and "/.." not in "/" + f.name for f in files)
    assert all(o.status == "refused" and o.detail for o in refused)


@FAST
@given(st.text(max_size=300))
def test_safe_name_never_leaves_the_folder(name):
    safe = safe_name(name)
    assert safe and not safe.startswith(".") and not set(safe) & set("/\\\x00\n")
    assert len(safe.encode()) <= 130 and safe.isprintable()
    assert "." not in safe or Path(safe).suffix in ng_settings.RAW_SUFFIXES
    root = Path("/srv/raw")
    assert (root / safe).parent == root and ".." not in Path(safe).parts
