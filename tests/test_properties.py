"""Property tests: no input, however random, makes ingest, the build or an upload raise;
every good article survives a build next to garbage; traps in the raw folder, YAML that crashes
loaders, interrupted adds and almost-right encodings end as problems, errors or flags (#21)."""
from __future__ import annotations

import csv
import errno
import io
import os
import shutil
import tempfile
import warnings
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings, strategies as st

from conftest import seed
from newsgraph import settings as ng_settings
from newsgraph.storage import store
from newsgraph.jobs.build import build
from newsgraph.base.errors import IngestError
from newsgraph.base.registry import EVERYDAY_WORDS, RegistryError, load_entities
from newsgraph.base.textnorm import fold
from newsgraph.ingest import ingest_bytes
from newsgraph.jobs.upload import Incoming, Metadata, ZipLimits, add_uploads, expand_zip, safe_name
from newsgraph.jobs.upload import save

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


# --- #21: the raw folder's traps, YAML that crashes loaders, a full disk, almost-right encodings ----

TRAP_KINDS = ["outside_folder", "inside_folder", "loop", "fifo", "dangling", "folder_named_txt", "outside_file"]
trap_names = st.text(alphabet="abcçğışöüz_", min_size=1, max_size=8)
OUTSIDE = "Dışarıda\n\nPutin, 5 Mart 2020'de Erdoğan ile Moskova'da görüştü.\n"


def lay_trap(raw: Path, outside: Path, kind: str, name: str) -> str:
    """Put one trap into raw under a name; return the path the build must name as a problem."""
    path = raw / f"{name}.txt"
    if kind == "outside_folder":
        (path := raw / name).symlink_to(outside)
    elif kind == "inside_folder":
        (raw / f"{name}_sub").mkdir()
        (path := raw / name).symlink_to(raw / f"{name}_sub")
    elif kind == "loop":
        (raw / f"{name}_b").symlink_to(path)
        path.symlink_to(raw / f"{name}_b")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "dangling":
        path.symlink_to(outside / "gone.txt")
    elif kind == "folder_named_txt":
        path.mkdir()
    else:
        path.symlink_to(outside / "gizli.txt")
    return path.name


@BUILDS
@given(st.lists(st.tuples(st.sampled_from(TRAP_KINDS), trap_names), min_size=1, max_size=5,
                unique_by=lambda t: t[1]), st.lists(st.tuples(raw_files, SUFFIXES), max_size=2))
def test_traps_in_the_raw_folder_are_problems_and_nothing_outside_is_read(registry, tables, traps, files):
    titles = tables["articles"].set_index("article_id")["title"]
    with tempfile.TemporaryDirectory() as tmp:
        raw, outside = Path(tmp) / "raw", Path(tmp) / "outside"
        raw.mkdir()
        outside.mkdir()
        (outside / "gizli.txt").write_text(OUTSIDE, encoding="utf-8")
        for good in GOOD:
            shutil.copy(good, raw / good.name)
        for i, (data, suffix) in enumerate(files):
            (raw / f"random_{i}{suffix}").write_bytes(data)
        laid = {lay_trap(raw, outside, kind, name) for kind, name in traps}
        report = build(raw, Path(tmp) / "out", backend="rules", registry=registry, workers=1)
        built = store.read_table(Path(tmp) / "out", "articles").set_index("article_id")
    for good in GOOD:
        assert built.at[good.stem, "title"] == titles[good.stem]
    assert laid <= {p["path"] for p in report.problems}                 # each trap named, none fatal
    assert not built["text"].str.contains("Dışarıda").any()             # nothing from outside


yaml_value = st.one_of(
    st.sampled_from(["ve", "bir", "İÇİN", "1453", "3.5", "yes", "no", "2020-01-19", "null", "~", "''",
                     "'1453'", "Akar", "Hulusi Akar", "[a, b]", "{a: b}", "*x", "&x Akar", "|\n  x"]),
    st.integers(0, 3000).map(lambda n: "[" * n + "x" + "]" * n),                          # flow nesting
    st.integers(0, 3000).map(lambda n: "\n" + "  - " * 1 + "- " * n + "x"),              # block nesting
    st.text(alphabet="abc \x00\x07\x1b\t:-[]{}#&*!|>'\"%@`,", max_size=12))


@FAST
@given(yaml_value, yaml_value, st.sampled_from(["name", "aliases", "title"]))
def test_any_yaml_in_actors_is_an_entity_or_a_registry_error_with_its_line(tmp_path_factory, first, second, key):
    path = tmp_path_factory.mktemp("yaml") / "actors.yaml"
    body = f"persons:\n  - name: Hulusi Akar\n    {key}: {first}\n  - name: Sergey Şoygu\n    aliases: [{second}]\n"
    path.write_text(body, encoding="utf-8")
    try:
        entities = load_entities(path)
    except RegistryError as exc:
        assert exc.line is None or 1 <= exc.line <= body.count("\n") + 1, str(exc)
        return
    for entity in entities.values():                                    # what loads is text, and no everyday word
        assert all(isinstance(a, str) and a and fold(a) not in EVERYDAY_WORDS for a in entity.aliases)


@FAST
@given(st.lists(st.tuples(st.integers(0, 3), st.booleans()), min_size=1, max_size=6),
       st.integers(0, 8), st.sampled_from(["kill", "full"]))
def test_an_interrupted_add_run_again_leaves_every_file_with_its_row(tmp_path_factory, uploads, stop_at, how):
    """uploads: (which of four articles, as a zip entry or not); the add stops at its stop_at-th write."""
    raw = tmp_path_factory.mktemp("add") / "raw"
    meta = Metadata(source="AA", published="2021-02-12")
    items = [Incoming(f"haber{n}.txt", f"Haber {n}\n\nLavrov, {n + 1}. kez Çavuşoğlu ile görüştü.\n".encode())
             for n, _ in uploads]
    real, writes = save._write_atomic, []

    def write(path: Path, data: bytes) -> None:
        writes.append(path)
        if len(writes) > stop_at:
            if how == "kill":
                raise KeyboardInterrupt
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)
    save._write_atomic = write
    try:
        add_uploads(items, raw, meta)
    except KeyboardInterrupt:
        pass
    finally:
        save._write_atomic = real
    articles = sorted(p.stem for p in raw.glob("*.txt"))
    rows = list(csv.DictReader(io.StringIO((raw / "metadata.csv").read_text(encoding="utf-8")))) \
        if (raw / "metadata.csv").exists() else []
    assert {r["article_id"] for r in rows if r["source"] == "AA"} >= set(articles)     # never a file without its row
    report = add_uploads(items, raw, meta)                                  # the same add, run again
    assert {o.status for o in report.outcomes} <= {"saved", "skipped"}
    rows = list(csv.DictReader(io.StringIO((raw / "metadata.csv").read_text(encoding="utf-8"))))
    articles = sorted(p.stem for p in raw.glob("*.txt"))
    assert len(articles) == len({n for n, _ in uploads})                     # each content once
    assert {r["article_id"] for r in rows if (r["source"], r["published"]) == ("AA", "2021-02-12")} >= set(articles)


news_only = st.builds(lambda title, body: f"{title}\n\n{' '.join(body)}", sentence, st.lists(sentence, min_size=1,
                                                                                              max_size=5))
STRAYS = st.sampled_from([b"\x80", b"\x81", b"\x8d", b"\x90", b"\xc0", b"\xc1", b"\xf5", b"\xf8", b"\xff"])


def _turkish(text: str) -> bool:
    return any(c in "çğıöşüÇĞİÖŞÜ" for c in text)


def clean(text: str):
    """The article the text makes when saved as plain UTF-8 (the case skipped when it makes none)."""
    try:
        return ingest_bytes(text.encode("utf-8"), "x")
    except IngestError:
        assume(False)


@FAST
@given(news_only, st.lists(st.tuples(st.floats(0, 1), STRAYS), min_size=1, max_size=3))
def test_utf8_with_stray_bytes_is_read_as_utf8_and_flagged(text, strays):
    assume(_turkish(text))
    data, last = b"", 0
    for where, byte in sorted(strays):
        cut = max(last, int(where * len(text)))
        data += text[last:cut].encode() + byte
        last = cut
    data += text[last:].encode()
    try:
        art = ingest_bytes(data, "x")
    except IngestError:
        return                                                              # too many strays in a short text
    assert art.encoding == "utf-8" and "invalid_bytes_replaced" in art.flags, (art.encoding, art.flags)
    assert "mixed_encodings" not in art.flags and not {"ÃÄÅ"} & set(art.text)


@FAST
@given(news_only, st.floats(0, 1), st.booleans())
def test_a_file_in_two_encodings_reads_as_the_clean_one(text, where, utf8_first):
    want = clean(text)
    cut = int(where * len(text))
    first, second = text[:cut], text[cut:]
    codecs_ = ("utf-8", "windows-1254") if utf8_first else ("windows-1254", "utf-8")
    art = ingest_bytes(first.encode(codecs_[0]) + second.encode(codecs_[1]), "x")
    assert (art.title, art.text) == (want.title, want.text)
    utf8_part, cp_part = (first, second) if utf8_first else (second, first)
    if _turkish(utf8_part) and any(ord(c) > 127 for c in cp_part):
        assert "mixed_encodings" in art.flags


@FAST
@given(news_only, st.sampled_from(["cp1252", "cp1254"]), st.integers(1, 4))
def test_double_encoded_utf8_is_repaired_or_flagged_never_both(text, codec, times):
    assume(_turkish(text))
    want = clean(text)
    data = text.encode("utf-8")
    for _ in range(times):
        data = data.decode(codec, errors="replace").encode("utf-8")
    art = ingest_bytes(data, "x")
    repaired = (art.title, art.text) == (want.title, want.text)
    assert repaired or "mojibake_not_repaired" in art.flags, (art.flags, art.text[:120])
    assert not {"mojibake_repaired", "mojibake_not_repaired"} <= set(art.flags)
    if "mojibake_repaired" in art.flags:
        assert repaired
