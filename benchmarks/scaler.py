"""A corpus of any size from the five seed articles: `make_corpus(n, out_dir, seed=0)`.

The seeds are read through `newsgraph.ingest` (so the damaged article is repaired and the
repeated block dropped), segmented, and every sentence is compiled once into a template:
literal text plus slots for the registry persons, the registry cities and the explicit
dates our own rules find in it. A generated article is a title line, a blank line, maybe a
date line, then 10–30 sentences in paragraphs of 1–4 consecutive sentences, each paragraph
from a randomly chosen seed. Per article, every person is kept, swapped for another
registry person of the same country, or replaced by an invented name (for out-of-registry
discovery); cities are swapped for other cities; dates are shifted by a per-article
year, month and day offset. Case suffixes follow the new name ("Putin'le" → "Lavrov'la").

Article i depends only on (seed, i), so the 1k corpus is the first 1k of the 10k one and
`make_corpus(10, d, start=10_000)` makes ten articles none of the others have.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from benchmarks.turkish import reharmonize
from newsgraph import settings
from newsgraph.base.textnorm import tr_upper

HERE = Path(__file__).resolve().parent
CORPORA = HERE / "corpora"
STAMP = ".corpus.json"              # hidden: list_raw skips it
TERMINAL = tuple(".!?…\"'”»)")
MONTHS = ("Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül",
          "Ekim", "Kasım", "Aralık")
_MONTH_NUM = {m.lower(): i + 1 for i, m in enumerate(MONTHS)} | {"şubat": 2, "mayıs": 5, "ağustos": 8,
                                                                  "eylül": 9, "kasım": 11, "aralık": 12}
_DATE_SHAPE = re.compile(r"^(?:(?P<d>\d{1,2})\s+)?(?P<m>[A-Za-zÇĞİÖŞÜçğıöşü]+)?(?:\s+(?P<y>\d{4}))?(?P<rest>\s.*)?$")
_YEAR_ONLY = re.compile(r"^(?P<y>(?:19|20)\d\d)$")
_SUFFIX_AFTER = re.compile(r"'[A-Za-zÇĞİÖŞÜçğıöşü]+")

# Invented people, by country: never in data/actors.yaml, first names in lexicon.yaml so
# that the rules backend can discover them (or after a title).
INVENTED = {
    "TR": ([("Ahmet", "Mehmet", "Murat", "Ali", "Hasan", "Emre", "Burak", "Cem", "Kemal", "Selim"),
            ("Ayşe", "Zeynep", "Elif", "Merve", "Selin", "Pınar")],
           ("Yıldız", "Kaya", "Demir", "Şahin", "Aydın", "Öztürk", "Arslan", "Doğan", "Kılıç", "Koç",
            "Kurt", "Özdemir", "Polat", "Tekin", "Ünal")),
    "RU": ([("Ivan", "Oleg", "Pavel", "Nikolay", "Boris", "Andrey", "Igor", "Viktor"),
            ("Olga", "Tatyana", "Irina", "Natalya", "Svetlana")],
           ("Petrov", "Sokolov", "Volkov", "Smirnov", "Kuznetsov", "Popov", "Morozov", "Novikov",
            "Fedorov", "Orlov")),
    "XX": ([("Ahmed", "Halid", "Salah", "Faysal", "Muhammed", "Hamad", "Nabil", "Raşid"), ("Necla", "Leyla")],
           ("el-Barasi", "el-Mahmudi", "Cibril", "el-Ubeydi", "Zeydan", "el-Hasi", "Bilal", "Nuri")),
}
OUTLET_LEADS = ("ANKARA (AA) – ", "MOSKOVA (Sputnik) – ", "İSTANBUL (DHA) – ", "HABERRUS – ",
                "ANKARA (İHA) – ", "MOSKOVA (TASS) – ")
TRAILERS = ("ulusal.com.tr", "haberrus.ru", "Kaynak: Sputnik Türkiye", "Kaynak: TRT Haber", "aydinlik.com.tr")


# -- templates ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Slot:
    """A replaceable span: kind person | city | date | year."""

    kind: str
    key: str                  # entity_id, or "" for dates
    form: str                 # person: full | short; date: the surface shape
    suffix: str               # case suffix after the span, with its apostrophe if any
    upper: bool = False       # written in capitals (a headline)
    fields: tuple = ()        # date: (day, month, year, rest)


Piece = "str | Slot"


@dataclass(frozen=True)
class Sentence:
    seed: int
    pieces: tuple
    heading: bool             # no final punctuation: a heading, a paragraph of its own


@dataclass(frozen=True)
class Seeds:
    sentences: tuple[tuple[Sentence, ...], ...]     # per seed, in order
    titles: tuple[tuple, ...]                        # per seed: title pieces
    persons: dict[str, tuple[str, str, str]]         # entity_id → (full, short, country)
    by_country: dict[str, tuple[str, ...]]
    cities: dict[str, str]                           # entity_id → name
    fingerprint: str


def _date_slot(surface: str, suffix: str) -> Slot | None:
    """A date whose day, month and year can be rewritten ("5 Mart 2020", "19 Ocak", "2018")."""
    if m := _YEAR_ONLY.match(surface):
        return Slot("date", "", "year", suffix, fields=(None, None, int(m["y"]), ""))
    m = _DATE_SHAPE.match(surface)
    if not m or not m["m"] or m["m"].lower() not in _MONTH_NUM:
        return None
    day = int(m["d"]) if m["d"] else None
    year = int(m["y"]) if m["y"] else None
    return Slot("date", "", "dmy", suffix if not m["rest"] else "", fields=(day, _MONTH_NUM[m["m"].lower()], year,
                                                                         (m["rest"] or "") + (suffix if m["rest"] else "")))


def _compile(text: str, ctx, with_dates: bool = True) -> tuple:
    """Literal text and slots for one sentence (or title)."""
    from newsgraph.analysis.dates import find_dates
    reg = ctx.registry
    spans = []
    for men in ctx.ner.find(text):
        ent = reg.entities.get(men.entity_id or "")
        if ent is None or men.method not in ("registry", "coref"):
            continue
        upper = men.surface.isupper() and len(men.surface) > 2
        if ent.label == "PER":
            form = "full" if len(men.surface.split()) > 1 else "short"
            spans.append((men.start, men.end + len(men.suffix), Slot("person", ent.entity_id, form, men.suffix, upper)))
        elif ent.label == "LOC" and ent.kind == "city":
            spans.append((men.start, men.end + len(men.suffix), Slot("city", ent.entity_id, "", men.suffix, upper)))
    if with_dates:
        for d in find_dates(text):
            if d.kind != "date":
                continue
            m = _SUFFIX_AFTER.match(text, d.end)
            suffix = m.group(0) if m else ""
            slot = _date_slot(d.surface, suffix)
            if slot:
                spans.append((d.start, d.end + len(suffix), slot))
    spans.sort(key=lambda s: s[0])
    pieces, pos = [], 0
    for start, end, slot in spans:
        if start < pos:
            continue                      # overlapping finds: keep the first
        pieces += [text[pos:start], slot]
        pos = end
    pieces.append(text[pos:])
    return tuple(p for p in pieces if p != "")


def _seed_files() -> list[Path]:
    return sorted(p for p in settings.RAW_DIR.iterdir() if p.suffix.lower() in settings.RAW_SUFFIXES)


@lru_cache(maxsize=1)
def load_seeds() -> Seeds:
    """Ingest, segment and compile the seed articles (once per process)."""
    from newsgraph.analysis.analyze import make_context
    from newsgraph.ingest import ingest_file
    from newsgraph.base.registry import load_registry
    from newsgraph.ingest.segment import segment
    reg = load_registry()
    ctx = make_context(reg, "rules")
    sentences, titles, digest = [], [], hashlib.sha256(Path(__file__).read_bytes())
    for i, path in enumerate(_seed_files()):
        digest.update(path.read_bytes())
        art = ingest_file(path, settings.RAW_DIR, ctx.ingest)
        sents = []
        for s in segment(art.text, ctx.ingest.abbreviations):
            text = art.text[s.start:s.end]
            sents.append(Sentence(i, _compile(text, ctx), not text.rstrip().endswith(TERMINAL)))
        sentences.append(tuple(sents))
        title = art.title if not art.title_derived else art.title.split(",")[0]
        titles.append(_compile(title, ctx, with_dates=False))
    persons, by_country = {}, {}
    for e in reg.entities.values():
        if e.label == "PER":
            last = e.name.split()[-1]
            short = last if any(a == last for a in e.aliases) else e.name
            persons[e.entity_id] = (e.name, short, e.country or "XX")
            by_country.setdefault(e.country or "XX", []).append(e.entity_id)
    cities = {e.entity_id: e.name for e in reg.entities.values() if e.label == "LOC" and e.kind == "city"}
    digest.update(reg.fingerprint.encode())
    return Seeds(tuple(sentences), tuple(titles), persons, {k: tuple(v) for k, v in by_country.items()},
                 cities, digest.hexdigest()[:16])


# -- one article --------------------------------------------------------------------------
class _Article:
    """The per-article choices: who stands for whom, which city for which, the date shift."""

    def __init__(self, seeds: Seeds, rng: random.Random) -> None:
        self.seeds, self.rng = seeds, rng
        self.people: dict[str, tuple[str, str, bool]] = {}      # original → (full, short, registry)
        self.taken: set[str] = set()
        self.places: dict[str, str] = {}
        self.year = rng.choice((2019, 2020, 2020, 2021, 2021, 2022))
        self.month_shift, self.day_shift = rng.randrange(12), rng.randrange(28)
        self.latest: tuple[int, int, int] | None = None

    def person(self, entity_id: str) -> tuple[str, str, bool]:
        if entity_id in self.people:
            return self.people[entity_id]
        full, short, country = self.seeds.persons[entity_id]
        roll = self.rng.random()
        pick = (full, short, True)
        if roll >= 0.2 and roll < 0.75:
            options = [p for p in self.seeds.by_country.get(country, ()) if p not in self.taken]
            if options:
                other = self.rng.choice(options)
                pick = self.seeds.persons[other][:2] + (True,)
                self.taken.add(other)
        elif roll >= 0.75:
            firsts, lasts = INVENTED.get(country, INVENTED["XX"])
            female = self.rng.random() < 0.25
            first = self.rng.choice(firsts[1] if female else firsts[0])
            last = self.rng.choice(lasts)
            if female and country == "RU":
                last += "a"
            pick = (f"{first} {last}", last, False)
        self.taken.add(entity_id)
        self.people[entity_id] = pick
        return pick

    def city(self, entity_id: str) -> str:
        if entity_id not in self.places:
            keep = self.rng.random() < 0.3
            self.places[entity_id] = self.seeds.cities[entity_id] if keep else self.rng.choice(
                sorted(self.seeds.cities.values()))
        return self.places[entity_id]

    def date(self, slot: Slot) -> str:
        day, month, year, rest = slot.fields
        if slot.form == "year":
            new_year = year + (self.year - 2020)
            return f"{new_year}{reharmonize(slot.suffix, str(new_year))}"
        new_month = (month - 1 + self.month_shift) % 12 + 1
        new_day = (day - 1 + self.day_shift) % 28 + 1 if day else None
        new_year = (year + self.year - 2020 + (month - 1 + self.month_shift) // 12) if year else None
        if new_day:
            stamp = (new_year or self.year, new_month, new_day)
            self.latest = max(self.latest or stamp, stamp)
        words = ([str(new_day)] if new_day else []) + [MONTHS[new_month - 1]] + ([str(new_year)] if new_year else [])
        tail = rest if rest else reharmonize(slot.suffix, words[-1])
        return " ".join(words) + tail

    def render(self, pieces: tuple) -> str:
        out = []
        for p in pieces:
            if isinstance(p, str):
                out.append(p)
                continue
            if p.kind == "person":
                full, short, registry = self.person(p.key)
                name = full if p.form == "full" else short
                suffix = p.suffix
                if suffix and suffix[0] != "'" and (not registry or len(name.split()) < 2):
                    suffix = "'" + suffix      # a bare suffix only follows a registry name of 2+ words
                text = name + reharmonize(suffix, name)
            elif p.kind == "city":
                name = self.city(p.key)
                text = name + reharmonize(p.suffix, name)
            else:
                text = self.date(p)
            out.append(tr_upper(text) if p.upper else text)
        return "".join(out)


def _paragraph_runs(seeds: Seeds, rng: random.Random, n_sentences: int) -> list[list[Sentence]]:
    """Paragraphs of 1–4 consecutive seed sentences, no sentence twice in one article."""
    used: set[tuple[int, int]] = set()
    paragraphs, total, tries = [], 0, 0
    weights = [len(s) for s in seeds.sentences]
    while total < n_sentences and tries < 200:
        tries += 1
        k = min(rng.randint(1, 4), n_sentences - total)
        seed = rng.choices(range(len(seeds.sentences)), weights)[0]
        sents = seeds.sentences[seed]
        start = rng.randrange(max(1, len(sents) - k + 1))
        run = [(seed, j) for j in range(start, min(start + k, len(sents)))]
        if any(r in used for r in run):
            continue
        used.update(run)
        para: list[Sentence] = []
        for s in (sents[j] for _, j in run):
            if s.heading:                  # a heading stands alone
                if para:
                    paragraphs.append(para)
                paragraphs.append([s])
                para = []
            else:
                para.append(s)
        if para:
            paragraphs.append(para)
        total += len(run)
    return paragraphs


def make_article(index: int, seed: int = 0) -> str:
    """The raw text of article `index` of corpus `seed` (deterministic)."""
    seeds = load_seeds()
    rng = random.Random(seed * 1_000_003 + index)
    art = _Article(seeds, rng)
    paragraphs = _paragraph_runs(seeds, rng, rng.randint(10, 30))
    body = [" ".join(art.render(s.pieces) for s in para) for para in paragraphs]
    title = art.render(seeds.titles[paragraphs[0][0].seed])
    style = rng.random()
    if style < 0.3:
        body[0] = rng.choice(OUTLET_LEADS) + body[0]
    elif style < 0.5:
        body.append(rng.choice(TRAILERS))
    lines = [title, ""]
    y, m, d = art.latest or (art.year, rng.randint(1, 12), rng.randint(1, 28))
    d = min(28, d + rng.randrange(3))
    when = rng.random()
    if when < 0.5:
        lines += [f"date {y:04d}-{m:02d}-{d:02d}", ""]
    elif when < 0.65:
        lines += [f"Tarih: {d:02d}.{m:02d}.{y:04d}", ""]
    return "\n".join(lines + ["\n\n".join(body)]) + "\n"


def is_current(n: int, out_dir: Path | str | None = None, seed: int = 0, start: int = 0) -> bool:
    """Whether out_dir already holds this corpus from this generator and these seeds."""
    path = (Path(out_dir) if out_dir is not None else CORPORA / str(n)) / STAMP
    try:
        stamp = json.loads(path.read_text())
    except (OSError, ValueError):
        return False
    want = {"n": n, "seed": seed, "start": start, "generator": load_seeds().fingerprint}
    return {k: stamp.get(k) for k in want} == want


def make_corpus(n: int, out_dir: Path | str | None = None, seed: int = 0, start: int = 0) -> Path:
    """Write articles start … start+n-1 as .txt files into out_dir (default corpora/<n>/).

    A corpus already written with the same parameters and generator is reused as is.
    """
    out = Path(out_dir) if out_dir is not None else CORPORA / str(n)
    if is_current(n, out, seed, start):
        return out
    stamp = {"n": n, "seed": seed, "start": start, "generator": load_seeds().fingerprint}
    stamp_path = out / STAMP
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    for i in range(start, start + n):
        (out / f"gen{seed}_{i:06d}.txt").write_text(make_article(i, seed), encoding="utf-8")
    stamp_path.write_text(json.dumps(stamp))
    return out


def main(argv: list[str] | None = None) -> None:
    """python -m benchmarks.scaler N [OUT]"""
    argv = sys.argv[1:] if argv is None else argv
    n = int(argv[0]) if argv else 1000
    t0 = time.perf_counter()
    out = make_corpus(n, argv[1] if len(argv) > 1 else None)
    print(f"{n} articles in {out} ({time.perf_counter() - t0:.1f}s)")


if __name__ == "__main__":
    main()
