"""Regenerate data/lexicon/tr_words.tsv, the Turkish word list used to restore letters
lost to encoding damage (ç dropped, ş→ř, ğ→đ).

Sources: the clean articles of the corpus itself (every raw article without damaged
letters) and wordfreq's Turkish frequency list (Robyn Speer et al., data CC BY-SA 4.0).
Run by hand after adding many articles:  pip install wordfreq && python scripts/make_vocabulary.py
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsgraph.ingest.repair import DAMAGE_MAP  # noqa: E402
from newsgraph.base.textnorm import tr_lower, WORD_RE  # noqa: E402

OUT = ROOT / "data" / "lexicon" / "tr_words.tsv"
CORPUS_ZIPF = 3.0  # a word the corpus itself uses counts as common enough


def corpus_words(raw_dir: Path) -> Counter:
    """Words of the raw articles that show no damaged letters."""
    words: Counter = Counter()
    for path in sorted(raw_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if any(ch in text for ch in DAMAGE_MAP):
            # only the paragraphs before the damage starts are trustworthy
            text = re.split("|".join(DAMAGE_MAP), text, maxsplit=1)[0].rsplit("\n", 1)[0]
        words.update(tr_lower(w) for w in WORD_RE.findall(text) if not w.isdigit())
    return words


def main() -> None:
    """Write word<TAB>zipf lines, sorted by word."""
    import wordfreq

    zipf = {w: wordfreq.zipf_frequency(w, "tr") for w in wordfreq.top_n_list("tr", 10**6)}
    for word in corpus_words(ROOT / "data" / "raw"):
        zipf[word] = max(zipf.get(word, 0.0), CORPUS_ZIPF)
    rows = sorted((w, z) for w, z in zipf.items() if re.fullmatch(r"[a-zçğıöşüâîû]+", w))
    OUT.write_text("".join(f"{w}\t{z:.2f}\n" for w, z in rows), encoding="utf-8")
    print(f"{OUT}: {len(rows)} words")


if __name__ == "__main__":
    main()
