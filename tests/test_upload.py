"""Adding articles: safe names, validation, duplicates, zips, metadata, the CLI and the page."""
from __future__ import annotations

import csv
import errno
import io
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import RAW, ROOT, SEED_IDS, open_app, seed
from newsgraph import settings
from newsgraph.storage import store
from newsgraph.jobs.build import build
from newsgraph.base.errors import BuildError
from newsgraph.jobs.upload import (BuildJob, Incoming, Metadata, MetadataError, ZipLimits, add_uploads, check_metadata,
                              expand_zip, inert, limits_text, read_path, rebuild, safe_name, shown, submit,
                              waiting_text)
from newsgraph.jobs.upload import save

ARTICLE = ("Lavrov Ankara'da\n\n12 Şubat 2021 tarihinde Rusya Dışişleri Bakanı Sergey Lavrov, "
           "Dışişleri Bakanı Mevlüt Çavuşoğlu ile Ankara'da görüştü. İki bakan İdlib'i ele aldı.\n")
TURKISH = "Şoygu ile görüşme\n\nMilli Savunma Bakanı Hulusi Akar, Şoygu'ya İdlib'deki çalışmaları anlattı."
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
HOSTILE_HTML = ("<html><head><title>Lavrov Ankara'da</title><script>alert('x')</script></head><body>"
                "<p>Rusya Dışişleri Bakanı <a href='javascript:alert(1)'>Sergey Lavrov</a> Ankara'ya geldi.</p>"
                "<p><img src=x onerror=alert(2)>Lavrov, 5 Mart 2020'de Çavuşoğlu ile görüştü.</p></body></html>")


def make_zip(entries: dict[str, bytes], **kwargs) -> bytes:
    """A real zip archive of the given entries (ZipInfo keys allowed for odd entries)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, **kwargs) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def saved_names(raw: Path) -> set[str]:
    return {p.name for p in raw.iterdir()}


def article(i: int) -> bytes:
    return ARTICLE.replace("Ankara'da görüştü", f"Ankara'da {i}. kez görüştü").encode()


# --- safe names ------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\windows\\evil.txt", "evil.txt"),
    ("/abs/İDLİB haberi.MD", "İDLİB_haberi.md"),
    (".bashrc.txt", "bashrc.txt"),
    ("...", "article"),
    ("a\x00b\u202ec\n.txt", "abc.txt"),                       # NUL, right-to-left override, newline
    ("S\u0327oygu'ya go\u0308rüs\u0327me.txt", "Şoygu_ya_görüşme.txt"),          # NFD, as macOS names files
    ("evil.html.txt", "evil_html.txt"),
    ("notes.exe", "notes"),
    ("<img src=x onerror=alert(1)>.txt", "img_src_x_onerror_alert_1.txt"),
])
def test_safe_name(name, expected):
    assert safe_name(name) == expected


def test_safe_name_is_capped_and_stays_in_the_folder(tmp_path):
    name = safe_name("ş" * 400 + ".html")
    assert name.endswith(".html") and len(name.encode()) <= 130
    assert (tmp_path / name).resolve().parent == tmp_path.resolve()


# --- saving ----------------------------------------------------------------------------

def test_saved_skipped_and_refused_in_one_batch(raw_copy):
    report = add_uploads([Incoming("yeni haber.txt", article(1)), Incoming("again.txt", article(1)),
                          Incoming("copy.txt", seed("000").read_bytes()), Incoming("empty.txt", b""),
                          Incoming("photo.txt", PNG), Incoming("table.csv", b"a,b\n1,2\n")], raw_copy)
    got = {o.name: (o.status, o.detail) for o in report.outcomes}
    assert got["yeni haber.txt"][0] == "saved" and got["yeni haber.txt"][1].endswith("raw/yeni_haber.txt")
    assert got["again.txt"] == ("skipped", got["yeni haber.txt"][1].replace("saved as", "same content as"))
    assert got["copy.txt"][0] == "skipped" and got["copy.txt"][1].endswith(f"raw/{seed('000').name}")
    assert got["empty.txt"] == ("refused", "empty file")
    assert got["photo.txt"] == ("refused", "binary content (PNG image), not text")
    assert got["table.csv"][0] == "refused" and "expected .txt, .md, .html or .htm" in got["table.csv"][1]
    assert saved_names(raw_copy) == {p.name for p in RAW.iterdir()} | {"yeni_haber.txt"}
    assert report.summary() == "1 saved, 2 skipped (duplicate), 3 refused"


def test_refusal_reasons_are_the_ones_the_build_gives(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_FILE_BYTES", 1000)
    big = ("Başlık\n\n" + "Akar Ankara'da. " * 100).encode()
    report = add_uploads([Incoming("photo.txt", PNG), Incoming("big.txt", big), Incoming("empty.txt", b" \n")],
                         tmp_path / "fresh")
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, data in (("photo.txt", PNG), ("big.txt", big), ("empty.txt", b" \n"), ("good.txt", article(1))):
        (raw / name).write_bytes(data)
    built = build(raw, tmp_path / "out", backend="rules", workers=1)
    assert {o.name: o.detail for o in report.refused} == {p["path"]: p["reason"] for p in built.problems}
    assert "over the 0 MB limit (NEWSGRAPH_MAX_FILE_BYTES)" in report.refused[1].detail


def test_name_collisions_get_a_number_and_nothing_is_overwritten(raw_copy):
    existing = seed("000").name
    before = (raw_copy / existing).read_bytes()
    report = add_uploads([Incoming(existing, article(1)), Incoming(existing.upper(), article(2)),
                          Incoming(existing.replace(".txt", ".md"), article(3))], raw_copy)
    stem = seed("000").stem
    assert [o.article_id for o in report.saved] == [f"{stem}-2", f"{stem.upper()}-3", f"{stem}-4"]
    assert (raw_copy / existing).read_bytes() == before


def test_no_temporary_files_left_and_killed_uploads_cleaned(raw_copy):
    (raw_copy / ".upload-deadbeef.tmp").write_bytes(b"half written")
    add_uploads([Incoming("a.txt", article(1))], raw_copy)
    assert not [p for p in raw_copy.iterdir() if p.name.startswith(".")]


def test_hostile_paths_never_leave_the_raw_folder(tmp_path):
    raw = tmp_path / "raw"
    names = ["../escape.txt", "/etc/cron.d/x.txt", "..\\..\\y.txt", "sub/../../z.txt"]
    report = add_uploads([Incoming(n, article(i)) for i, n in enumerate(names)], raw)
    assert len(report.saved) == 4
    assert {p.parent for p in raw.rglob("*")} == {raw} and sorted(saved_names(tmp_path)) == ["raw"]


@pytest.mark.parametrize("encoding", ["windows-1254", "iso-8859-9", "utf-16", "utf-16-le"])
def test_turkish_encodings_are_saved_as_given_and_built_right(tmp_path, encoding):
    raw = tmp_path / "raw"
    add_uploads([Incoming(f"{encoding}.txt", TURKISH.encode(encoding))], raw)
    assert (raw / f"{encoding}.txt").read_bytes() == TURKISH.encode(encoding)     # raw stays raw
    build(raw, tmp_path / "out", backend="rules", workers=1)
    row = store.read_table(tmp_path / "out", "articles").iloc[0]
    assert row.title == "Şoygu ile görüşme" and "Şoygu'ya İdlib'deki çalışmaları" in row.text


def test_damaged_letters_like_seed_003_are_repaired(tmp_path):
    raw = tmp_path / "raw"
    report = add_uploads([Incoming("bozuk harfler.txt", seed("003").read_bytes())], raw)
    assert report.saved
    build(raw, tmp_path / "out", backend="rules", workers=1)
    row = store.read_table(tmp_path / "out", "articles").iloc[0]
    assert "mojibake_repaired" in row["flags"] and "açıklama" in row.text and not set("řđ") & set(row.text)


def test_hostile_html_is_kept_as_inert_text(tmp_path):
    raw = tmp_path / "raw"
    add_uploads([Incoming("page.html", HOSTILE_HTML.encode()),
                 Incoming("note.txt", b"Not\n\nMetin <script>alert(1)</script> ve <img src=x onerror=alert(3)>.")], raw)
    build(raw, tmp_path / "out", backend="rules", workers=1)
    rows = store.read_table(tmp_path / "out", "articles").set_index("article_id")
    page = rows.at["page", "title"] + "\n" + rows.at["page", "text"]
    assert "alert" not in page and "Sergey Lavrov Ankara'ya geldi" in page and "Çavuşoğlu ile görüştü" in page
    assert "active_content_removed" in rows.at["page", "flags"]
    assert "<script>alert(1)</script>" in rows.at["note", "text"]          # a text file's text stays text


def test_inert_escapes_markdown_and_html():
    assert inert("[x](javascript:alert(1))") == r"\[x\]\(javascript\:alert\(1\)\)"
    assert inert("<img src=x onerror=alert(1)>") == r"\<img src\=x onerror\=alert\(1\)\>"


# --- metadata --------------------------------------------------------------------------

def test_metadata_checked():
    assert check_metadata(" AA ", "https://aa.com.tr/x", "2020-01") == Metadata("AA", "https://aa.com.tr/x", "2020-01")
    assert check_metadata("", "", "") == Metadata()
    for bad, words in [({"published": "2020-13-01"}, "not a date"), ({"published": "12/01/2020"}, "YYYY-MM-DD"),
                       ({"url": "javascript:alert(1)"}, "not a web address"), ({"url": "http://[::1"}, "web address"),
                       ({"source": "x" * 300}, "at most 200")]:
        with pytest.raises(MetadataError, match=words):
            check_metadata(**bad)


def test_metadata_merged_into_csv_and_wins_in_the_build(raw_copy, tmp_path):
    (raw_copy / "metadata.csv").write_text(f"article_id,url,source,published,note\n{SEED_IDS[0]},,Haberrus,,keep me\n",
                                           encoding="utf-8")
    meta = check_metadata("AA", "https://aa.com.tr/lavrov", "2021-02-12")
    report = add_uploads([Incoming("lavrov.txt", article(1))], raw_copy, meta)
    assert not report.notes
    lines = (raw_copy / "metadata.csv").read_text(encoding="utf-8").splitlines()
    assert lines == ["article_id,url,source,published,note", f"{SEED_IDS[0]},,Haberrus,,keep me",
                     "lavrov,https://aa.com.tr/lavrov,AA,2021-02-12,"]
    build(raw_copy, tmp_path / "out", backend="rules", workers=1)
    row = store.read_table(tmp_path / "out", "articles").set_index("article_id").loc["lavrov"]
    assert (row.source, row.url) == ("AA", "https://aa.com.tr/lavrov")
    assert (row.published, row.published_basis) == ("2021-02-12", "metadata")


def test_unreadable_metadata_csv_is_left_alone(raw_copy):
    (raw_copy / "metadata.csv").write_bytes(b"\xff\xfe\x00garbage")
    report = add_uploads([Incoming("a.txt", article(1))], raw_copy, Metadata(source="AA"))
    assert report.saved and "could not be read" in report.notes[0]
    assert (raw_copy / "metadata.csv").read_bytes() == b"\xff\xfe\x00garbage"


# --- nothing given is lost (#21) ---------------------------------------------------------

ENOSPC = OSError(errno.ENOSPC, "No space left on device")


def rows(raw: Path) -> dict[str, dict]:
    """metadata.csv's rows by article_id."""
    path = raw / "metadata.csv"
    return {r["article_id"]: r for r in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))} \
        if path.exists() else {}


def full_disk_for(monkeypatch, name: str | None = None, after: int = 0) -> None:
    """Writes of new files (all, or those named `name`) fail with ENOSPC after `after` of them succeeded."""
    real, done = save._write_atomic, []

    def write(path: Path, data: bytes) -> None:
        if name is None or path.name == name:
            if len(done) >= after:
                raise ENOSPC
            done.append(path)
        real(path, data)
    monkeypatch.setattr(save, "_write_atomic", write)


def test_each_saved_file_has_its_row_even_when_add_is_killed_between_files(raw_copy, monkeypatch):
    meta = Metadata(source="AA", published="2021-02-12")
    real = save._write_one

    def killed_after_one(plan, _n=[]):
        if _n:
            raise KeyboardInterrupt              # as a kill -9 of `add` at this point leaves the folder
        _n.append(plan)
        return real(plan)
    monkeypatch.setattr(save, "_write_one", killed_after_one)
    with pytest.raises(KeyboardInterrupt):
        add_uploads([Incoming("bir.txt", article(1)), Incoming("iki.txt", article(2))], raw_copy, meta)
    assert (raw_copy / "bir.txt").exists() and not (raw_copy / "iki.txt").exists()
    assert rows(raw_copy)["bir"]["source"] == "AA"                     # the saved file has its row
    monkeypatch.setattr(save, "_write_one", real)
    again = add_uploads([Incoming("bir.txt", article(1)), Incoming("iki.txt", article(2))], raw_copy, meta)
    assert [o.status for o in again.outcomes] == ["skipped", "saved"] and not again.recorded
    assert {a: (r["source"], r["published"]) for a, r in rows(raw_copy).items()} == \
        {"bir": ("AA", "2021-02-12"), "iki": ("AA", "2021-02-12")}


def test_a_rerun_adds_the_rows_an_interrupted_add_did_not_write(raw_copy, tmp_path):
    (raw_copy / "bir.txt").write_bytes(article(1))                     # saved, its row never written
    (raw_copy / "metadata.csv").write_text("article_id,url,source,published\nbir,,,2020-05-01\n", encoding="utf-8")
    report = add_uploads([Incoming("bir.txt", article(1)), Incoming("copy.txt", seed("000").read_bytes())], raw_copy,
                         Metadata(source="AA", url="https://aa.com.tr/x", published="2021-02-12"))
    assert [o.status for o in report.outcomes] == ["skipped", "skipped"] and report.changed
    assert report.outcomes[0].detail.endswith("; its missing source and URL recorded")     # the date it had stays
    assert report.outcomes[1].detail.endswith("; its missing source, URL and date recorded")
    assert report.summary() == "2 skipped (duplicate), metadata added for 2 file(s) already there"
    got = rows(raw_copy)
    assert (got["bir"]["source"], got["bir"]["published"]) == ("AA", "2020-05-01")
    assert got[SEED_IDS[0]]["published"] == "2021-02-12"
    again = add_uploads([Incoming("bir.txt", article(1))], raw_copy, Metadata(source="DHA"))
    assert not again.changed and rows(raw_copy)["bir"]["source"] == "AA"        # given values are never overwritten
    assert submit([Incoming("bir.txt", article(1))], {"source": "DHA"}, raw_copy, True)[1:] == \
        ("info", "Nothing new: tables unchanged.")


def test_a_full_disk_for_metadata_adds_no_file(raw_copy):
    before = sorted(p.name for p in raw_copy.iterdir())
    (raw_copy / "metadata.csv").write_text("article_id,url,source,published\nx,,DHA,\n", encoding="utf-8")
    monkeypatch = pytest.MonkeyPatch()
    full_disk_for(monkeypatch, "metadata.csv")
    try:
        report = add_uploads([Incoming("bir.txt", article(1)), Incoming("copy.txt", seed("000").read_bytes())],
                             raw_copy, Metadata(source="AA"))
    finally:
        monkeypatch.undo()
    assert [(o.status, o.detail) for o in report.outcomes] == [
        ("refused", "not saved: metadata.csv could not be written (No space left on device), so its source would be lost"),
        ("skipped", f"same content as {shown(raw_copy / seed('000').name)}")]
    assert report.notes == ["metadata.csv could not be written (No space left on device): no file was added and "
                            "metadata.csv is as it was"]
    assert not report.changed and sorted(p.name for p in raw_copy.iterdir()) == sorted(before + ["metadata.csv"])
    assert rows(raw_copy) == {"x": {"article_id": "x", "url": "", "source": "DHA", "published": ""}}


@pytest.mark.parametrize("full_after", ["iki.txt", None])
def test_a_full_disk_during_the_files_keeps_the_saved_ones_with_their_rows(raw_copy, monkeypatch, full_after):
    if full_after:
        full_disk_for(monkeypatch, "iki.txt")             # the second file does not fit; the rest does
    else:
        full_disk_for(monkeypatch, after=2)               # metadata.csv and the first file fit, then nothing
    report = add_uploads([Incoming("bir.txt", article(1)), Incoming("iki.txt", article(2))], raw_copy,
                         Metadata(source="AA"))
    assert [(o.status, o.detail.split(" as ")[0]) for o in report.outcomes] == [
        ("saved", "saved"), ("refused", "could not be saved: No space left on device")]
    assert report.summary() == "1 saved, 1 refused"
    assert (raw_copy / "bir.txt").exists() and not (raw_copy / "iki.txt").exists()
    assert not [p for p in raw_copy.iterdir() if p.name.startswith(".")]        # no temporary file left
    assert rows(raw_copy)["bir"]["source"] == "AA"                              # the saved file has its row
    if full_after:
        assert set(rows(raw_copy)) == {"bir"} and not report.notes              # iki's row was taken back
    else:
        assert report.notes == ["metadata.csv keeps rows for iki, which could not be saved (No space left on device); "
                                "a later file of that name gets them"]


def test_cli_add_never_says_nothing_was_changed_after_saving(raw_copy, tmp_path, monkeypatch, capsys):
    from newsgraph import cli
    import newsgraph.jobs.upload as upload

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the build")
    monkeypatch.setattr(upload, "rebuild", broken)
    (tmp_path / "bir.txt").write_bytes(article(1))
    assert cli.main(["add", str(tmp_path / "bir.txt"), "--raw", str(raw_copy), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "nothing was changed" not in err
    assert f"internal error (RuntimeError: a bug in the build); 1 saved in {shown(raw_copy)}, the tables were not rebuilt" \
        in err
    monkeypatch.setattr(upload, "rebuild", lambda *a, **k: (_ for _ in ()).throw(BuildError("the disk is full")))
    (tmp_path / "iki.txt").write_bytes(article(2))
    assert cli.main(["add", str(tmp_path / "iki.txt"), "--raw", str(raw_copy), "--out", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.strip() == \
        f"newsgraph: the files are saved (1 saved in {shown(raw_copy)}), but the build failed: the disk is full"


# --- zip archives ----------------------------------------------------------------------

def test_zip_entries_are_added_and_junk_skipped(tmp_path):
    data = make_zip({"haberler/bir.txt": article(1), "haberler/iki.md": article(2), "haberler/": b"",
                     "__MACOSX/haberler/._bir.txt": b"\x00\x05", "haberler/.DS_Store": b"\x00",
                     "haberler/foto.jpg": b"\xff\xd8\xff", "ic.zip": make_zip({"x.txt": article(3)})})
    report = add_uploads([Incoming("batch.zip", data)], tmp_path / "raw")
    assert [o.article_id for o in report.saved] == ["bir", "iki"]
    assert {o.name: o.detail for o in report.refused} == {
        "batch.zip › haberler/foto.jpg": "not an article file (expected .txt, .md, .html or .htm)",
        "batch.zip › ic.zip": "a zip inside a zip is not opened; unzip it and add its files"}
    assert saved_names(tmp_path / "raw") == {"bir.txt", "iki.md"}


@pytest.mark.parametrize("hostile", ["../evil.txt", "/etc/evil.txt", "a\\..\\evil.txt", "ok/../../x.txt", "C:/x.txt"])
def test_zip_with_a_path_traversal_name_is_refused_whole(tmp_path, hostile):
    report = add_uploads([Incoming("bad.zip", make_zip({"good.txt": article(1), hostile: article(2)}))],
                         tmp_path / "raw")
    assert not report.saved and len(report.refused) == 1
    detail = report.refused[0].detail
    assert detail.startswith(f"archive refused: entry '{hostile}'") and "leaves its folder" in detail
    assert not list((tmp_path / "raw").iterdir())


def test_zip_with_a_symlink_is_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, "/etc/passwd")
    files, refused = expand_zip("links.zip", buf.getvalue())
    assert not files and refused[0].detail == "archive refused: entry 'link.txt' is a symbolic link"


def test_zip_with_too_many_entries_is_refused(tmp_path):
    data = make_zip({f"a{i}.txt": article(i) for i in range(11)})
    files, refused = expand_zip("many.zip", data, ZipLimits(max_entries=10, max_total=10**8, max_file=10**7))
    assert not files and refused[0].detail == "archive refused: 11 entries, over the limit of 10 (MAX_ZIP_ENTRIES)"


def test_zip_bomb_is_refused_from_its_headers(tmp_path):
    data = make_zip({"bomb.txt": b"0" * 20 * 2**20})
    assert len(data) < 100_000
    files, refused = expand_zip("bomb.zip", data, ZipLimits(max_entries=10, max_total=2**20, max_file=10**7))
    assert not files and refused[0].detail == "archive refused: it expands to 20 MB, over the 1 MB limit"


def _lie_about_size(data: bytes, size: int) -> bytes:
    """Rewrite every header's uncompressed size field (local and central) to `size`."""
    out = bytearray(data)
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = out.find(sig)
        while start != -1:
            out[start + offset:start + offset + 4] = struct.pack("<I", size)
            start = out.find(sig, start + 4)
    return bytes(out)


def test_zip_whose_headers_lie_cannot_bomb(tmp_path):
    data = _lie_about_size(make_zip({"small.txt": b"A" * 5_000_000}), 100)
    assert len(data) < 50_000
    files, refused = expand_zip("liar.zip", data, ZipLimits(max_entries=10, max_total=50_000, max_file=50_000))
    assert not files and refused[0].detail.startswith("damaged entry, not read")


def test_encrypted_entry_and_garbage_archive_refused():
    data = bytearray(make_zip({"secret.txt": article(1)}))
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):       # set the "encrypted" flag bit
        at = data.find(sig)
        data[at + offset] |= 1
    files, refused = expand_zip("secret.zip", bytes(data))
    assert not files and refused[0].detail == "encrypted entry; add it unencrypted"
    assert expand_zip("x.zip", b"PK\x03\x04 not really")[1][0].detail == "not a readable zip archive"


# --- the command line ------------------------------------------------------------------

def _cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "newsgraph", "add", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


def test_cli_add_builds_and_reports_each_file(raw_copy, tmp_path):
    files = tmp_path / "in"
    files.mkdir()
    (files / "yeni haber.txt").write_bytes(article(1))
    (files / "photo.txt").write_bytes(PNG)
    (files / "batch.zip").write_bytes(make_zip({"iki.txt": article(2), "../x.txt": b"x"}))
    (files / "more.zip").write_bytes(make_zip({"uc.txt": article(3)}))
    out = tmp_path / "processed"
    done = _cli(*(str(p) for p in sorted(files.iterdir())), str(seed("001")), str(files / "missing.txt"),
                "--raw", str(raw_copy), "--out", str(out), "--source", "AA", "--published", "2021-02")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("refused  batch.zip: archive refused: entry '../x.txt'")
    assert lines[1] == "saved    more.zip › uc.txt: saved as " + str(raw_copy / "uc.txt")
    assert lines[2] == "refused  photo.txt: binary content (PNG image), not text"
    assert lines[3] == "saved    yeni haber.txt: saved as " + str(raw_copy / "yeni_haber.txt")
    assert lines[4].startswith(f"skipped  {seed('001').name}: same content as ")
    assert lines[4].endswith("; its missing source and date recorded")      # the seed had no row: now it has
    assert lines[5] == f"refused  {files / 'missing.txt'}: no such file"
    assert lines[6] == "2 saved, 1 skipped (duplicate), 3 refused, metadata added for 1 file(s) already there"
    assert lines[7].startswith("built 7 articles (7 processed, 0 unchanged)")
    arts = store.read_table(out, "articles").set_index("article_id")
    assert arts.at["uc", "source"] == "AA" and arts.at["yeni_haber", "published"] == "2021-02"
    assert arts.at[seed("001").stem, "source"] == "AA"


def test_cli_add_exit_status(raw_copy, tmp_path):
    (tmp_path / "photo.txt").write_bytes(PNG)
    refused = _cli(str(tmp_path / "photo.txt"), "--raw", str(raw_copy), "--no-build")
    assert refused.returncode == 1 and "refused  photo.txt" in refused.stdout
    bad_date = _cli(str(seed("000")), "--raw", str(raw_copy), "--published", "2020-13", "--no-build")
    assert bad_date.returncode == 1 and "publication date '2020-13' is not a date" in bad_date.stderr
    only_dupes = _cli(str(seed("000")), "--raw", str(raw_copy), "--no-build")
    assert only_dupes.returncode == 0 and only_dupes.stdout.startswith("skipped")


def test_limits_are_documented_on_the_page():
    assert limits_text() == ("Limits: 10 MB per article (NEWSGRAPH_MAX_FILE_BYTES); a .zip may hold 2000 files "
                             "and 200 MB unpacked, and no uploaded file may be over 200 MB.")


def test_the_upload_limit_the_widget_shows_is_the_one_the_code_and_readme_enforce(page_env):
    """The upload box says 'Limit 200MB per file': the server's limit, the widget's, the code's
    archive limit and the README agree."""
    import tomllib
    from newsgraph.jobs.upload import upload_limit_mb
    from newsgraph.jobs.upload.archive import archive_too_large
    from newsgraph.jobs.upload.files import MB, ZipLimits
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == upload_limit_mb() == 200
    assert archive_too_large(200 * MB, ZipLimits.current()) is None and archive_too_large(200 * MB + 1, ZipLimits.current())
    assert "no uploaded file may be over 200 MB" in (ROOT / "README.md").read_text(encoding="utf-8")
    (uploader,) = open_add_page().get("file_uploader")
    assert uploader.proto.max_upload_size_mb == 200


def test_cli_refuses_a_large_file_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.truncate(settings.MAX_FILE_BYTES + 1)                      # sparse: costs no disk
    assert read_path(big)[0].detail == "file is 10.5 MB, over the 10 MB limit (NEWSGRAPH_MAX_FILE_BYTES)"


def test_rebuild_waits_for_another_build_and_hears_how_far_it_is(page_env):
    import threading
    raw, out = page_env
    add_uploads([Incoming("lavrov.txt", article(1))], raw)
    held, heard, waited = threading.Event(), threading.Event(), []

    def other_build() -> None:
        with store.build_lock(out) as holder:
            holder.tell(3, 10)
            held.set()
            heard.wait(60)                      # until the waiting build has heard how far this one is

    def on_wait(progress) -> None:
        waited.append(progress)
        if progress and progress["done"] == 3:
            heard.set()

    other = threading.Thread(target=other_build)
    other.start()
    held.wait(10)
    report = rebuild(raw, out, on_wait=on_wait)
    other.join()
    assert heard.is_set() and (report.n_processed, report.n_articles) == (1, 6)
    told = next(p for p in waited if p)
    assert waiting_text(told, now=told["updated"]) == "Waiting for another build to finish: 3 of 10 articles…"
    assert waiting_text({**told, "done": 10}, now=told["updated"] + 120) == \
        "Waiting for another build to finish: all 10 articles read, writing the tables; last heard 2 min ago…"
    assert waiting_text(None) == "Waiting for another build to finish (it is starting)…"
    assert store.read_progress(out) is None                      # the lock's holder says nothing once done


def test_a_build_job_waiting_for_another_build_shows_how_far_that_one_is(page_env):
    import threading
    raw, out = page_env
    add_uploads([Incoming("lavrov.txt", article(1))], raw)
    held, release = threading.Event(), threading.Event()

    def other_build() -> None:
        with store.build_lock(out) as holder:
            holder.tell(3, 10)
            held.set()
            release.wait(60)

    other = threading.Thread(target=other_build)
    other.start()
    held.wait(10)
    job = BuildJob(raw, out)
    while not (job.waiting and job.other):          # the page polls so; the job never gives up waiting
        threading.Event().wait(0.05)
    seen = (job.waiting_text(), job.other_fraction, job.running)
    release.set()
    other.join()
    job.join(60)
    assert seen == ("Waiting for another build to finish: 3 of 10 articles…", 0.3, True)
    assert job.error is None and job.report.n_articles == 6 and not job.waiting


def test_build_job_runs_on_its_own_and_hands_back_errors(page_env, tmp_path, monkeypatch):
    from test_robustness import broken_data_dir
    raw, out = page_env
    add_uploads([Incoming("lavrov.txt", article(1))], raw)
    job = BuildJob(raw, out)              # nobody polls it: it still finishes
    job.join(60)
    assert not job.running and job.error is None and job.report.n_articles == 6
    assert (job.done, job.total) == (6, 6)
    monkeypatch.setattr(settings, "DATA_DIR", broken_data_dir(tmp_path, "topics.yaml")[0])
    job = BuildJob(raw, out)
    job.join(60)
    assert job.report is None and "topics.yaml:7: YAML syntax error" in str(job.error)


def test_two_uploads_of_the_same_file_at_once_save_it_once(tmp_path):
    raw, new = tmp_path / "raw", tmp_path / "new.txt"
    new.write_bytes(article(1))
    procs = [subprocess.Popen([sys.executable, "-m", "newsgraph", "add", str(new), "--raw", str(raw), "--no-build"],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True) for _ in range(4)]
    outputs = sorted(p.communicate()[0].split()[0] for p in procs)
    assert outputs == ["saved", "skipped", "skipped", "skipped"] and saved_names(raw) == {"new.txt"}


# --- the page --------------------------------------------------------------------------

@pytest.fixture()
def page_env(raw_copy, tmp_path, monkeypatch):
    """The app on a private raw folder and tables built from it."""
    out = tmp_path / "processed"
    build(raw_copy, out, backend="rules", workers=1)
    monkeypatch.setenv("NEWSGRAPH_RAW", str(raw_copy))
    monkeypatch.setenv("NEWSGRAPH_PROCESSED", str(out))
    return raw_copy, out


def open_add_page() -> AppTest:
    at = open_app("pages/add.py", timeout=60)
    assert not at.exception
    return at


def upload(at: AppTest, files: list[tuple[str, bytes]], **meta) -> AppTest:
    at.file_uploader(key="add.files").set_value([(n, d, "text/plain") for n, d in files])
    for field, value in meta.items():
        at.text_input(key=f"add.{field}").input(value)
    at.button(key="add.submit").click().run()
    assert not at.exception
    return at


def messages(at: AppTest) -> dict[str, list[str]]:
    return {kind: [e.value for e in getattr(at, kind)] for kind in ("success", "warning", "error", "info")}


def test_add_page_opens_without_tables(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_RAW", str(tmp_path / "raw"))
    monkeypatch.setenv("NEWSGRAPH_PROCESSED", str(tmp_path / "none"))
    at = open_add_page()
    assert at.title[0].value == "Add articles" and at.file_uploader(key="add.files").accept_multiple_files
    assert set(at.file_uploader(key="add.files").allowed_type) == {".txt", ".md", ".html", ".htm", ".zip"}
    upload(at, [("ilk.txt", article(1))])
    assert "The tables now hold **1** articles" in messages(at)["success"][-1]


def test_upload_appears_on_the_overview_without_a_restart(page_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert {m.label: m.value for m in at.metric}["Articles"] == "5"
    at = open_add_page()                                     # another visit, same server process
    upload(at, [("lavrov.txt", article(1)), ("photo.txt", PNG), ("copy.txt", seed("002").read_bytes())],
           source="AA", published="2021-02-12")
    msgs = messages(at)
    assert msgs["success"][0].startswith(r"**lavrov\.txt** — saved as")
    assert msgs["warning"][0].startswith(r"**copy\.txt** — same content as")
    assert msgs["warning"][0].endswith(r"its missing source and date recorded")   # the seed had no metadata row
    assert msgs["error"] == [r"**photo\.txt** — binary content \(PNG image\), not text"]
    assert "The tables now hold **6** articles (2 new or changed)" in msgs["success"][-1]   # the seed, newly dated
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()     # the Overview, same tables folder
    assert not at.exception and {m.label: m.value for m in at.metric}["Articles"] == "6"
    table = at.dataframe[0].value.set_index("title")
    assert table.at["Lavrov Ankara'da", "source"] == "AA" and table.at["Lavrov Ankara'da", "published"] == "2021-02-12"


def test_bad_metadata_adds_nothing(page_env):
    MESSAGE = "URL 'javascript:alert(1)' is not a web address (http:// or https://)"
    raw, _ = page_env
    at = upload(open_add_page(), [("lavrov.txt", article(1))], url="javascript:alert(1)")
    assert messages(at)["error"] == [f"Nothing was added: {inert(MESSAGE)}."]
    assert "lavrov.txt" not in saved_names(raw)


def test_hostile_file_name_is_shown_as_text(page_env):
    at = upload(open_add_page(), [("<img src=x onerror=alert(1)>[a](javascript:alert(2)).txt", article(1))])
    shown = messages(at)["success"][0]
    assert shown.startswith(r"**\<img src\=x onerror\=alert\(1\)\>\[a\]\(javascript\:alert\(2\)\)\.txt**")


def test_registry_error_during_the_build_keeps_the_last_tables(page_env, tmp_path, monkeypatch):
    from test_robustness import broken_data_dir
    _, out = page_env
    before = os.path.realpath(out)
    data, line = broken_data_dir(tmp_path, "actors.yaml")
    monkeypatch.setattr(settings, "DATA_DIR", data)
    at = upload(open_add_page(), [("lavrov.txt", article(1))])
    error = messages(at)["error"][-1]
    assert error.startswith("The files are saved, but the build stopped: registry error, nothing rebuilt")
    assert f"actors\\.yaml\\:{line}\\:" in error and "last good tables stay" in error
    assert os.path.realpath(out) == before
    monkeypatch.setattr(settings, "DATA_DIR", ROOT / "data")             # fixed: "Build again" builds
    at.button(key="add.rebuild").click().run()
    assert "The tables now hold **6** articles" in messages(at)["success"][-1]


# --- a real browser --------------------------------------------------------------------

ARTIFACTS = ROOT / "tests" / "artifacts"
PORT = 8603


def _port() -> int:
    """8603, or any free port when something else already listens there."""
    import socket
    for port in (PORT, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return s.getsockname()[1]
            except OSError:
                continue
    raise RuntimeError("no free port")


@pytest.fixture()
def served_app(page_env):
    """`streamlit run app.py` on 127.0.0.1 with the private raw folder and tables; stopped after."""
    import time
    import urllib.request
    raw, out = page_env
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port, log = _port(), ARTIFACTS / "streamlit-add.log"
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                            cwd=ROOT, env={**os.environ, "NEWSGRAPH_RAW": str(raw), "NEWSGRAPH_PROCESSED": str(out)},
                            stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                assert proc.poll() is None, log.read_text()
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}", raw
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _submit(page, uploads: list[tuple[str, bytes]], expect: str, source: str = "") -> None:
    """Choose files in the real file input, fill the source, press the button, wait for `expect`."""
    page.locator("input[type=file]").set_input_files(
        [{"name": n, "mimeType": "application/zip" if n.endswith(".zip") else "text/plain", "buffer": d}
         for n, d in uploads])
    page.get_by_label("Source").fill(source)
    page.get_by_role("button", name="Add and build").click()
    page.get_by_text(expect).wait_for(timeout=120_000)


def _metric_is(page, value: str, timeout: int = 60_000) -> None:
    """Wait until a metric shows `value` (a screenshot is kept when it never does)."""
    try:
        page.wait_for_function("v => [...document.querySelectorAll('[data-testid=stMetricValue]')]"
                               ".some(e => e.innerText.trim() === v)", arg=value, timeout=timeout)
    except Exception:
        if timeout >= 10_000:
            page.screenshot(path=str(ARTIFACTS / f"metric-not-{value}.png"), full_page=True)
        raise


@pytest.mark.browser
def test_upload_in_a_real_browser(served_app, browser):
    url, raw = served_app
    hostile = "<img src=x onerror=alert(1)>.txt"
    context = browser.new_context(viewport={"width": 1280, "height": 1200})
    try:
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(url)
        _metric_is(page, "5")
        page.get_by_role("link", name="Add articles").click()
        _submit(page, [("lavrov.txt", article(1)), (hostile, article(2)), ("photo.txt", PNG),
                       ("sayfa.html", HOSTILE_HTML.encode()), ("kopya.txt", seed("002").read_bytes())],
                "The tables now hold 8 articles", source="AA")
        page.screenshot(path=str(ARTIFACTS / "add-after-upload.png"), full_page=True)
        body = page.inner_text("body")
        assert "3 saved, 1 skipped (duplicate), 1 refused" in body and f"{hostile} — saved as" in body
        assert "photo.txt — binary content (PNG image), not text" in body and "kopya.txt — same content as" in body
        assert page.locator("img[src='x']").count() == 0 and page.locator("main script").count() == 0
        batch = make_zip({f"toplu/haber_{i:02d}.txt": article(100 + i) for i in range(70)} | {"../kaçak.txt": b"x"})
        _submit(page, [("toplu.zip", batch), ("toplu2.zip", make_zip({f"b/{i}.txt": article(200 + i)
                                                                       for i in range(20)}))], "20 saved, 1 refused")
        page.get_by_role("link", name="Overview").click()           # leave at once: the build goes on
        for _ in range(30):                                          # each click reruns the Overview
            try:
                _metric_is(page, "28", timeout=2_000)
                break
            except Exception:
                page.get_by_role("link", name="Overview").click()
        _metric_is(page, "28")
        page.screenshot(path=str(ARTIFACTS / "overview-after-upload.png"), full_page=True)
        page.get_by_role("link", name="Add articles").click()       # the result waits on the page
        page.get_by_text("The tables now hold 28 articles").wait_for(timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "add-after-zip.png"), full_page=True)
        assert not dialogs
    finally:
        context.close()
    assert len([p for p in raw.iterdir() if p.suffix in (".txt", ".html")]) == 5 + 3 + 20
