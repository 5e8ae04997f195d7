"""Which topics a contact is about, and the words that say so.

A report of a contact is about the topics named in its context: the sentences that report
it, their paragraphs, and the readout that follows it. Turkish agency copy tells a call or a
meeting in one sentence and what was discussed in the next ones, often each its own
paragraph: "Erdoğan, Putin ile telefonda görüştü. / Görüşmede İdlib'deki son durum ele
alındı." A readout sentence speaks of the talks (görüşmede, toplantıda, temaslarda, ele
alındı, görüş alışverişinde bulunuldu, iki lider, taraflar …); up to READOUT_SPAN sentences
after the report's last one are read, and a sentence that reports another contact ends the
readout. Only topics the article itself carries count (one word in passing does not make a
topic); a contact whose context names none takes the article's topics, with no term.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from newsgraph.analysis.contacts.article import Sent
from newsgraph.analysis.topics import TermHit
from newsgraph.base.textnorm import tr_lower

READOUT_SPAN = 3
_READOUT = re.compile(
    r"görüşme(?:de|sinde|lerde|lerinde|nin|sinin)\b|toplantı(?:da|sında|nın)\b|temaslar(?:da|ında)\b|zirve(?:de|sinde)\b"
    r"|ele al|değerlendiril|görüş alışverişi|istişare|üzerinde dur|masaya yatır|gündem|konuşul|görüşül|müzakere"
    r"|\b(?:iki|her iki) (?:lider|bakan|taraf|başkan)|\b(?:liderler|bakanlar|taraflar)\b")


@lru_cache(maxsize=256)
def is_readout(sentence: str) -> bool:
    """A sentence that speaks of talks just reported ("Görüşmede … ele alındı"); remembered: the
    reports of an article ask it of the same few sentences."""
    return bool(_READOUT.search(tr_lower(sentence)))


def context(sent_idxs: list[int], sents: list[Sent], reported: set[int]) -> list[int]:
    """The sentences a report's topics come from, in order of weight: its own sentences, their
    paragraphs, then its readout (up to the next sentence that reports another contact)."""
    own = sorted(set(sent_idxs))
    paragraphs = {sents[i].paragraph for i in own}
    out = own + [s.idx for s in sents if s.paragraph in paragraphs and s.idx not in own]
    for j in range(own[-1] + 1, min(len(sents), own[-1] + 1 + READOUT_SPAN)):
        if j in reported and j not in own:
            break
        if is_readout(sents[j].text) and j not in out:
            out.append(j)
    return out


def hits_by_sentence(hits: list[TermHit], sents: list[Sent]) -> dict[int, list[TermHit]]:
    """Topic term hits grouped by the sentence they start in."""
    starts = [s.start for s in sents]
    out: dict[int, list[TermHit]] = {}
    for h in hits:
        i = bisect_right(starts, h.start) - 1
        if i >= 0 and h.start < sents[i].start + len(sents[i].text):
            out.setdefault(sents[i].idx, []).append(h)
    return out


def contact_topics(sent_idxs: list[int], sents: list[Sent], reported: set[int], hits: dict[int, list[TermHit]],
                   text: str, art_topics: list[str]) -> tuple[list[str], list[dict]]:
    """(topics, why): the topics of a report and, per topic, the words that gave it and their
    sentence ({topic, term, sent_idx}; term and sent_idx None for the article's own topics)."""
    why: dict[str, dict] = {}
    for i in context(sent_idxs, sents, reported):
        for h in hits.get(i, ()):
            if h.topic in art_topics and h.topic not in why:
                why[h.topic] = {"topic": h.topic, "term": text[h.start:h.end], "sent_idx": i}
    if not why:
        return list(art_topics), [{"topic": t, "term": None, "sent_idx": None} for t in art_topics]
    return list(why), list(why.values())


class ContactTopics:
    """contact_topics for the reports of one article, each without reading its paragraphs whole:
    a one-line article is one paragraph of thousands of sentences, and reading it for every
    report is quadratic. Per paragraph and topic, the sentences naming it are listed once; a
    report's topic is the first of its own sentences, else of that list past its own, else of
    its readout. Gives what contact_topics gives (tests compare them)."""

    def __init__(self, sents: list[Sent], reported: set[int], hits: dict[int, list[TermHit]], text: str,
                 art_topics: list[str]) -> None:
        self.sents, self.reported, self.hits, self.text, self.art_topics = sents, reported, hits, text, art_topics
        self.naming: dict[tuple[int, str], list[int]] = {}     # (paragraph, topic) → its sentences naming it, in order
        for i in sorted(hits):
            for topic in dict.fromkeys(h.topic for h in hits[i]):
                self.naming.setdefault((sents[i].paragraph, topic), []).append(i)

    def __call__(self, sent_idxs: list[int]) -> tuple[list[str], list[dict]]:
        own = sorted(set(sent_idxs))
        mine, paragraphs = set(own), sorted({self.sents[i].paragraph for i in own})
        found: dict[str, tuple] = {}              # topic → (place in the report's context, sentence, hit)
        for n, i in enumerate(own):
            self._take(found, (0, n), i)
        for topic in dict.fromkeys(self.art_topics):
            i = None if topic in found else next(
                (i for p in paragraphs for i in self.naming.get((p, topic), ()) if i not in mine), None)
            if i is not None:
                k, hit = next((k, h) for k, h in enumerate(self.hits[i]) if h.topic == topic)
                found[topic] = ((1, i, k), i, hit)
        for j in self._readout(own, mine, set(paragraphs)):
            self._take(found, (2, j), j)
        if not found:
            return list(self.art_topics), [{"topic": t, "term": None, "sent_idx": None} for t in self.art_topics]
        order = sorted(found.items(), key=lambda item: item[1][0])
        return [t for t, _ in order], [{"topic": t, "term": self.text[h.start:h.end], "sent_idx": i}
                                       for t, (_, i, h) in order]

    def _take(self, found: dict[str, tuple], place: tuple, i: int) -> None:
        """The article's topics a sentence names first, at their place in the context."""
        for k, h in enumerate(self.hits.get(i, ())):
            if h.topic in self.art_topics and h.topic not in found:
                found[h.topic] = ((*place, k), i, h)

    def _readout(self, own: list[int], mine: set[int], paragraphs: set[int]) -> list[int]:
        """The readout sentences context() adds after the report's paragraphs."""
        out = []
        for j in range(own[-1] + 1, min(len(self.sents), own[-1] + 1 + READOUT_SPAN)):
            if j in self.reported and j not in mine:
                break
            if is_readout(self.sents[j].text) and j not in mine and self.sents[j].paragraph not in paragraphs:
                out.append(j)
        return out
