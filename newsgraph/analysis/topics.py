"""Topic tagging from data/topics.yaml.

A sentence carries a topic when it matches any of the topic's terms. An article carries
a topic when the distinct terms it matches (title included) weigh 2 or more in total:
one strong term ("İdlib", "Trablus") or two weak ones ("Ermenistan" and "Azerbaycan").
Terms match like actor aliases: case-insensitively, with a case suffix after an
apostrophe, and without one on the last word of a term ("gerilimi azaltma bölgesiyle").
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from newsgraph.analysis.nlp.tokens import PhraseIndex, Token, key_of, tokenize
from newsgraph.base.registry import Topic

SUPPORT = 2          # total weight of distinct terms that makes an article's topic


@dataclass(frozen=True)
class TermHit:
    """A topic term found in a text."""

    start: int
    end: int
    topic: str
    term: str
    weight: int


class TopicTagger:
    """Matches the terms of every topic, compiled once."""

    def __init__(self, topics: tuple[Topic, ...]) -> None:
        self.terms: dict[tuple[str, ...], list[tuple[str, str, int]]] = {}
        for topic in topics:
            for term in topic.terms:
                key = key_of(term.text)
                if key:
                    self.terms.setdefault(key, []).append((topic.label, term.text, term.weight))
        self.index = PhraseIndex(self.terms)
        self.labels = tuple(t.label for t in topics)

    def hits(self, text: str, toks: list[Token] | None = None) -> list[TermHit]:
        """Every term occurrence in `text`, longest match first, no overlaps."""
        toks = tokenize(text) if toks is None else toks
        out = []
        for i, n, key in self.index.matches(toks):
            for topic, term, weight in self.terms[key]:
                out.append(TermHit(toks[i].start, toks[i + n - 1].end, topic, term, weight))
        return out

    def article_topics(self, hits: list[TermHit]) -> list[str]:
        """Topics whose distinct matched terms weigh SUPPORT or more, in registry order."""
        weight: dict[str, int] = {}
        for topic, term, w in {(h.topic, h.term, h.weight) for h in hits}:
            weight[topic] = weight.get(topic, 0) + w
        return [label for label in self.labels if weight.get(label, 0) >= SUPPORT]


def sentence_topics(hits: list[TermHit], start: int, end: int) -> list[str]:
    """Topics with a term inside [start, end), in first-seen order."""
    return list(dict.fromkeys(h.topic for h in hits if start <= h.start < end))


def topics_of_spans(hits: list[TermHit], spans: list[tuple[int, int]]) -> list[list[str]]:
    """sentence_topics of each (start, end) span, each found by bisection (hits in text order, as
    TopicTagger.hits gives them): scanning every hit for every sentence is quadratic in length."""
    starts = [h.start for h in hits]
    return [list(dict.fromkeys(h.topic for h in hits[bisect_left(starts, s):bisect_left(starts, e)])) for s, e in spans]
