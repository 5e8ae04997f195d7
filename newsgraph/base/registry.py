"""Curated actors, topics, events and lexicon YAML → frozen objects, errors with file:line."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, NoReturn

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from newsgraph import settings
from newsgraph.base import yamltext
from newsgraph.base.textnorm import fold, slugify

FILE_NAMES = ("actors.yaml", "topics.yaml", "events.yaml", "lexicon.yaml")
SECTIONS = {"persons": "PER", "places": "LOC", "organizations": "ORG"}
_COMMON = {"name", "id", "label", "aliases", "country"}
ENTRY_KEYS = {"persons": _COMMON | {"title", "roles"}, "places": _COMMON | {"kind", "within"},
              "organizations": _COMMON | {"kind"}}
KINDS = {"places": ("country", "city", "region", "venue", "route"),
         "organizations": ("government", "ministry", "military", "intelligence", "international",
                           "party", "armed_group", "parliament", "other")}
LEXICON_LISTS = ("person_titles", "org_heads", "place_heads", "first_names", "byline_roles",
                 "outlets", "abbreviations", "delegation_words", "led_by_prime_minister")
_OPTIONAL_LISTS = {"led_by_prime_minister"}                 # absent: every leader is the head of state
COUNTRY = (re.compile(r"[A-Z]{2,4}"), "a country code: 2–4 upper-case letters (TR, UN, NATO)")
DATE = (re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?"), "YYYY, YYYY-MM or YYYY-MM-DD")
SLUG = (re.compile(r"[a-z0-9]+(-[a-z0-9]+)*"), "a lower-case ASCII slug such as hulusi-akar")
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_NOT_TEXT = {"int": "a number", "float": "a number", "bool": "a yes/no value", "timestamp": "a date"}

# Words of every Turkish sentence (conjunctions, postpositions, pronouns, particles, the commonest
# adverbs and numerals): as a name, alias or term each would match nearly every article. A check
# on the curated files, like the slug and country patterns, so it is here and not in the files it
# guards. None is a form in the files (a test keeps it so).
EVERYDAY_WORDS = frozenset(fold(w) for w in """
    ve veya ya yahut ama fakat lakin ancak çünkü ki de da ile hem ne ise yani oysa halbuki eğer yoksa ayrıca
    üstelik için gibi kadar göre karşı rağmen doğru beri dolayı önce sonra üzere ait dair ilişkin hakkında
    boyunca itibaren dek ben sen o biz siz onlar bu şu bunlar şunlar kendi kendisi kim hangi bunu onu şunu
    bana sana ona beni seni onun bunun benim senin bizim sizin bir her hiç tüm bütün bazı birkaç çok az daha
    en pek hep bile sadece yalnız artık henüz şimdi zaten mi mı mu mü değil var yok olan olarak olup olduğu
    oldu olur diye evet hayır belki iki ilk son yeni büyük aynı böyle nasıl şey tarafından""".split())


class RegistryError(ValueError):
    """A curated file is missing or malformed; str() is "<path>:<line>: <message>"."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = Path(path), line, message
        super().__init__(f"{self.path}{'' if line is None else f':{line}'}: {message}")


@dataclass(frozen=True)
class Role:
    role: str
    country: str | None = None
    start: str | None = None          # "from" in YAML: YYYY, YYYY-MM or YYYY-MM-DD
    end: str | None = None            # "to" in YAML; None while the person still holds it


@dataclass(frozen=True)
class Entity:
    entity_id: str
    name: str
    label: str                        # PER | LOC | ORG
    aliases: tuple[str, ...]          # name first, then aliases; exact duplicates dropped
    title: str | None = None
    country: str | None = None
    roles: tuple[Role, ...] = ()
    kind: str | None = None
    within: str | None = None


@dataclass(frozen=True)
class Term:
    text: str
    weight: int                       # 2 names the topic on its own, 1 supports it


@dataclass(frozen=True)
class Topic:
    label: str
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class NamedEvent:
    name: str
    aliases: tuple[str, ...]          # name first
    topic: str | None


@dataclass(frozen=True)
class Lexicon:
    person_titles: tuple[str, ...]
    org_heads: tuple[str, ...]
    place_heads: tuple[str, ...]
    first_names: frozenset[str]
    byline_roles: tuple[str, ...]
    outlets: tuple[str, ...]
    abbreviations: frozenset[str]
    demonyms: dict[str, str]
    delegation_words: tuple[str, ...]
    led_by_prime_minister: frozenset[str]         # country codes whose leader is the head of government


@dataclass(frozen=True)
class Registry:
    entities: dict[str, Entity]
    topics: tuple[Topic, ...]
    named_events: tuple[NamedEvent, ...]
    generic_events: tuple[tuple[str, str], ...]   # (term, name)
    lexicon: Lexicon
    fingerprint: str                              # sha256 over the four files' bytes


def _line(node: Node) -> int:
    """1-based line where a node starts."""
    return node.start_mark.line + 1


def _seq(path: Path, node: Node | None, field: str) -> list[Node]:
    """Items of a sequence node; absent or null is an empty list."""
    if node is None or node.tag == _NULL:
        return []
    if not isinstance(node, SequenceNode):
        raise RegistryError(path, _line(node), f"'{field}' must be a list")
    return list(node.value)


def _claim(path: Path, claims: dict, text: str, line: int, what: str, owner: str | None = None) -> None:
    """Claim a form, fold-insensitively: a second claimant fails (any second one if owner is None)."""
    mine = (owner, line)
    first = claims.setdefault(fold(text), mine)
    if first is not mine and (owner is None or first[0] != owner):
        whose = f" of '{owner}' is already claimed by '{first[0]}' at" if owner else " repeats"
        raise RegistryError(path, line, f"{what} '{text}'{whose} line {first[1]}")


class _Entry:
    """One YAML mapping of a file, read field by field with line-aware checks."""

    def __init__(self, path: Path, node: Node, what: str, allowed: Iterable[str] | None) -> None:
        self.path, self.node, self.what, self.pairs = path, node, what, {}
        if not isinstance(node, MappingNode):
            self.fail(None, f"{what} must be a mapping")
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) and key.tag != _NULL else None
            if name is None or name in self.pairs or (allowed is not None and name not in allowed):
                problem = "duplicate" if name in self.pairs else "unknown"
                raise RegistryError(path, _line(key), f"{problem} key '{name}' in {what} "
                                                      f"(allowed: {', '.join(sorted(allowed or ()))})")
            self.pairs[name] = value

    def fail(self, key: str | None, message: str) -> NoReturn:
        """Raise a RegistryError at the line of the value under key, else of the entry."""
        raise RegistryError(self.path, _line(self.pairs.get(key, self.node)), message)

    def text(self, key: str, required: bool = False, pattern: tuple[re.Pattern, str] | None = None,
             choices: Iterable[str] | None = None, words: bool = False) -> str | None:
        """A scalar as written (stripped); null or empty → None. `words`: it must be text (a name,
        a term), not a number, yes/no or date YAML would read it as."""
        node = self.pairs.get(key)
        if node is not None and not isinstance(node, ScalarNode):
            self.fail(key, f"'{key}' must be a single value")
        if words and node is not None:
            _must_be_text(self.path, node, key)
        value = None if node is None or node.tag == _NULL else node.value.strip() or None
        if value is None and required:
            self.fail(key, f"'{key}' is missing or empty in {self.what}")
        if value is not None and pattern is not None and not pattern[0].fullmatch(value):
            self.fail(key, f"'{key}' has a bad value '{value}': expected {pattern[1]}")
        if value is not None and choices is not None and value not in choices:
            self.fail(key, f"'{key}' must be one of {', '.join(choices)}, not '{value}'")
        return value

    def strings(self, key: str, words: bool = False) -> list[tuple[str, int]]:
        """A list of non-empty strings, each with its line (`words`: text, as in `text`)."""
        items = _seq(self.path, self.pairs.get(key), key)
        for item in items:
            if not isinstance(item, ScalarNode) or item.tag == _NULL or not item.value.strip():
                raise RegistryError(self.path, _line(item), f"'{key}' must be a list of non-empty strings")
            if words:
                _must_be_text(self.path, item, key)
        return [(item.value.strip(), _line(item)) for item in items]

    def forms(self) -> list[tuple[str, int]]:
        """The name (required) and its aliases, each with its line: text, and no everyday word."""
        name = self.text("name", required=True, words=True)
        forms = [(name, _line(self.pairs["name"]))] + self.strings("aliases", words=True)
        for i, (form, line) in enumerate(forms):
            _not_everyday(self.path, form, line, "alias" if i else "name")
        return forms


def _must_be_text(path: Path, node: ScalarNode, key: str) -> None:
    """A name or term YAML reads as a number, yes/no or date (123, yes, 2020-01-19) is refused:
    quoted, it is text."""
    if node.tag not in (_STR, _NULL):
        what = _NOT_TEXT.get(node.tag.rsplit(":", 1)[-1], "not text")
        raise RegistryError(path, _line(node), f"'{key}' must be text, but YAML reads '{node.value}' as {what}; "
                                               "put it in quotes if it is meant as written")


def _not_everyday(path: Path, form: str, line: int, what: str) -> None:
    """Refuse a form that is an everyday word ('ve', 'bir'): it would match nearly every article."""
    if fold(form) in EVERYDAY_WORDS:
        raise RegistryError(path, line, f"{what} '{form}' is an everyday Turkish word: it would match nearly every article")


def _top(path: Path, allowed: set[str], required: Iterable[str] = ()) -> _Entry:
    """The top-level mapping of a file, keys checked; every failure is a RegistryError."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problem = "file not found" if isinstance(exc, FileNotFoundError) else f"cannot read: {exc}"
        raise RegistryError(path, None, problem) from None
    try:
        root = yamltext.compose(text)
    except yamltext.YamlTextError as exc:
        raise RegistryError(path, exc.line, exc.message) from None
    if root is None:
        raise RegistryError(path, 1, "file is empty; expected a mapping at top level")
    top = _Entry(path, root, "top level", allowed)
    for key in required:
        if key not in top.pairs:
            top.fail(None, f"missing top-level key '{key}'")
    return top


def _entity(path: Path, section: str, node: Node) -> tuple[Entity, list[tuple[str, int]]]:
    """One actors.yaml entry, plus its surface forms with their lines."""
    e = _Entry(path, node, f"an entry of '{section}'", ENTRY_KEYS[section])
    forms = e.forms()
    roles = [_Entry(path, n, "a role", ("role", "country", "from", "to"))
             for n in _seq(path, e.pairs.get("roles"), "roles")]
    entity = Entity(
        entity_id=e.text("id", pattern=SLUG) or slugify(forms[0][0]), name=forms[0][0],
        label=e.text("label", choices=(SECTIONS[section],)) or SECTIONS[section],
        aliases=tuple(dict.fromkeys(t for t, _ in forms)), title=e.text("title"),
        country=e.text("country", pattern=COUNTRY), within=e.text("within"),
        roles=tuple(Role(r.text("role", required=True), r.text("country", pattern=COUNTRY),
                         r.text("from", pattern=DATE), r.text("to", pattern=DATE)) for r in roles),
        kind=e.text("kind", choices=KINDS[section]) if section in KINDS else None)
    return entity, forms


def load_entities(path: Path) -> dict[str, Entity]:
    """Read actors.yaml into {entity_id: Entity}: persons, places, organizations in order."""
    top = _top(path, set(SECTIONS))
    entities: dict[str, Entity] = {}
    lines, claims = {}, {}
    for section in SECTIONS:
        for node in _seq(path, top.pairs.get(section), section):
            entity, forms = _entity(path, section, node)
            _claim(path, lines, entity.entity_id, _line(node), "entity_id")
            for text, line in forms:
                _claim(path, claims, text, line, "alias", owner=entity.entity_id)
            entities[entity.entity_id] = entity
    for e in entities.values():
        if e.within and (e.within == e.entity_id or getattr(entities.get(e.within), "label", "") != "LOC"):
            raise RegistryError(path, lines[e.entity_id][1],
                                f"'{e.entity_id}' is within '{e.within}', which is not a known place")
    return entities


def _topic(path: Path, node: Node) -> Topic:
    """One topic: a label and its weighted terms (1 supports, 2 names the topic), no term twice."""
    e = _Entry(path, node, "a topic", {"label", "terms"})
    label, seen, terms = e.text("label", required=True, words=True), {}, []
    for item in _seq(path, e.pairs.get("terms"), "terms"):
        t = _Entry(path, item, "a term", {"term", "weight"})
        terms.append(Term(t.text("term", required=True, words=True), int(t.text("weight", True, choices=("1", "2")))))
        _not_everyday(path, terms[-1].text, _line(t.pairs["term"]), "term")
        _claim(path, seen, terms[-1].text, _line(item), "term")
    if not terms:
        e.fail("terms", f"topic '{label}' has no terms")
    return Topic(label=label, terms=tuple(terms))


def load_topics(path: Path) -> tuple[Topic, ...]:
    """Read topics.yaml into Topic objects; labels unique (fold-insensitive)."""
    top = _top(path, {"topics"}, required=("topics",))
    topics, seen = [], {}
    for node in _seq(path, top.pairs["topics"], "topics"):
        topics.append(_topic(path, node))
        _claim(path, seen, topics[-1].label, _line(node), "topic label")
    return tuple(topics)


def _named_event(path: Path, node: Node, names: dict, claims: dict, labels: tuple | None) -> NamedEvent:
    """One named event; none of its surface forms may belong to another event."""
    e = _Entry(path, node, "a named event", {"name", "aliases", "topic"})
    forms = e.forms()
    _claim(path, names, forms[0][0], _line(node), "event")
    for text, line in forms:
        _claim(path, claims, text, line, "event alias", owner=forms[0][0])
    return NamedEvent(name=forms[0][0], aliases=tuple(dict.fromkeys(t for t, _ in forms)),
                      topic=e.text("topic", choices=labels))


def load_events(path: Path, topic_labels: Iterable[str] | None = None
                ) -> tuple[tuple[NamedEvent, ...], tuple[tuple[str, str], ...]]:
    """Read events.yaml: named events and generic event nouns (topics checked when given)."""
    top = _top(path, {"named", "generic"})
    labels = tuple(topic_labels) if topic_labels is not None else None
    names, claims, seen, generic = {}, {}, {}, []
    named = tuple(_named_event(path, n, names, claims, labels)
                  for n in _seq(path, top.pairs.get("named"), "named"))
    for node in _seq(path, top.pairs.get("generic"), "generic"):
        e = _Entry(path, node, "a generic event", {"term", "name"})
        generic.append((e.text("term", required=True, words=True), e.text("name", required=True, words=True)))
        _not_everyday(path, generic[-1][0], _line(e.pairs["term"]), "term")
        _claim(path, seen, generic[-1][0], _line(node), "generic term")
    return named, tuple(generic)


def load_lexicon(path: Path) -> Lexicon:
    """Read lexicon.yaml: the word lists the rules NER and the ingest use."""
    top = _top(path, set(LEXICON_LISTS) | {"demonyms"},
               required=tuple(k for k in LEXICON_LISTS if k not in _OPTIONAL_LISTS) + ("demonyms",))
    lists = {key: tuple(dict.fromkeys(t for t, _ in top.strings(key))) for key in LEXICON_LISTS}
    sets = {key: frozenset(lists.pop(key)) for key in ("first_names", "abbreviations", "led_by_prime_minister")}
    demonyms = _Entry(path, top.pairs["demonyms"], "demonyms", None)
    return Lexicon(**lists, **sets, demonyms={
        k: demonyms.text(k, required=True, pattern=COUNTRY) for k in demonyms.pairs})


def load_registry(data_dir: Path | None = None) -> Registry:
    """Load actors, topics, events and lexicon from data_dir into one Registry."""
    paths = [Path(data_dir or settings.DATA_DIR) / name for name in FILE_NAMES]
    entities, topics = load_entities(paths[0]), load_topics(paths[1])
    named, generic = load_events(paths[2], topic_labels=[t.label for t in topics])
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()
    return Registry(entities=entities, topics=topics, named_events=named, generic_events=generic,
                    lexicon=load_lexicon(paths[3]), fingerprint=digest)
