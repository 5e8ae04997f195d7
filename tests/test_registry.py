"""The curated YAML files load, carry the contract's ids, and every malformed file fails
with its name and the line of the offending entry."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from newsgraph import settings
from newsgraph.base.registry import (EVERYDAY_WORDS, FILE_NAMES, Registry, RegistryError, load_entities,
                                load_events, load_lexicon, load_registry, load_topics)
from newsgraph.base.textnorm import fold, normalize_apostrophes

DATA = settings.ROOT / "data"
CONTRACT_IDS = [
    "hulusi-akar", "sergey-soygu", "sergey-lavrov", "mevlut-cavusoglu", "fayiz-es-serrac",
    "halife-hafter", "recep-tayyip-erdogan", "vladimir-putin", "moskova", "trablus",
    "yasar-guler", "hakan-fidan", "mihail-bogdanov", "sedat-onal", "akile-salih",
    "kasim-suleymani", "ilham-aliyev", "nikol-pasinyan",
]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(DATA)


def persons(registry: Registry) -> list:
    return [e for e in registry.entities.values() if e.label == "PER"]


# ---- the shipped files ------------------------------------------------------------------

def test_shipped_files_load(registry):
    labels = [e.label for e in registry.entities.values()]
    assert labels.count("PER") >= 60 and labels.count("LOC") >= 40 and labels.count("ORG") >= 20
    assert registry.named_events and registry.generic_events
    assert len(registry.lexicon.first_names) >= 300


@pytest.mark.parametrize("entity_id", CONTRACT_IDS)
def test_contract_slugs_exist(registry, entity_id):
    assert entity_id in registry.entities


def test_contract_labels(registry):
    assert registry.entities["moskova"].label == registry.entities["trablus"].label == "LOC"
    assert registry.entities["sergey-soygu"].name == "Sergey Şoygu"
    assert {"Şoygu", "Shoigu"} <= set(registry.entities["sergey-soygu"].aliases)


def test_every_person_has_title_and_country(registry):
    missing = [e.entity_id for e in persons(registry) if not e.title or not e.country]
    assert missing == []


def test_venue_and_route_sit_in_their_place(registry):
    assert registry.entities["halic-kongre-merkezi"].within == "istanbul"
    assert registry.entities["halic-kongre-merkezi"].kind == "venue"
    assert registry.entities["m4"].within == "idlib"
    assert registry.entities["idlib"].within == "suriye"
    assert "Rusya Federasyonu" in registry.entities["rusya"].aliases


def test_topic_labels_are_the_contract(registry):
    assert {t.label for t in registry.topics} == {"Libya", "İdlib", "Karabağ"}


def test_named_events_point_at_known_topics(registry):
    labels = {t.label for t in registry.topics}
    assert all(ev.topic is None or ev.topic in labels for ev in registry.named_events)
    soci = next(ev for ev in registry.named_events if ev.name == "Soçi Mutabakatı")
    assert soci.topic == "İdlib"


def test_aliases_start_with_the_name_and_carry_no_suffix(registry):
    for entity in registry.entities.values():
        assert entity.aliases[0] == entity.name
        assert len(set(entity.aliases)) == len(entity.aliases)
        assert not any("'" in normalize_apostrophes(a) for a in entity.aliases), entity.entity_id


def test_no_bare_given_name_is_a_person_alias(registry):
    given = {fold(n) for n in registry.lexicon.first_names}
    bare = [a for e in persons(registry) for a in e.aliases if " " not in a and fold(a) in given]
    assert bare == []


def test_role_holders_do_not_overlap(registry):
    """A role phrase stands for one person at a time (same phrase, same country)."""
    spans: dict[tuple[str, str | None], list] = {}
    for person in persons(registry):
        for role in person.roles:
            assert (role.start or "0000") <= (role.end or "9999"), (person.entity_id, role)
            key = (fold(role.role), role.country or person.country)
            spans.setdefault(key, []).append((role.start or "0000", role.end or "9999", person.entity_id))
    for key, items in spans.items():
        for i, (a_start, a_end, a_id) in enumerate(items):
            for b_start, b_end, b_id in items[i + 1:]:
                assert a_id == b_id or not (a_start < b_end and b_start < a_end), (key, a_id, b_id)


def _holders(registry: Registry, phrase: str, country: str, when: str) -> list[str]:
    """Persons whose role `phrase` in `country` covers the month `when` (YYYY-MM); bounds inclusive."""
    def covers(role) -> bool:
        return ((role.start is None or role.start <= when[:len(role.start)])
                and (role.end is None or when[:len(role.end)] <= role.end))
    return sorted({p.entity_id for p in persons(registry) for r in p.roles
                   if fold(r.role) == fold(phrase) and (r.country or p.country) == country and covers(r)})


@pytest.mark.parametrize("phrase, country, when, holder", [
    ("Dışişleri Bakanı", "RU", "2022-03", "sergey-lavrov"),
    ("Dışişleri Bakanı", "TR", "2020-05", "mevlut-cavusoglu"),
    ("Dışişleri Bakanı", "TR", "2024-05", "hakan-fidan"),
    ("Dışişleri Bakanı", "UA", "2022-03", "dmitro-kuleba"),
    ("Dışişleri Bakanı", "UA", "2025-03", "andriy-sibiha"),
    ("Dışişleri Bakanı", "IR", "2023-02", "huseyin-emir-abdullahiyan"),
    ("Dışişleri Bakanı", "IR", "2025-02", "abbas-arakci"),
    ("Dışişleri Bakanı", "SY", "2025-04", "esad-hasan-es-seybani"),
    ("Savunma Bakanı", "RU", "2023-03", "sergey-soygu"),
    ("Savunma Bakanı", "RU", "2024-09", "andrey-belousov"),
    ("Savunma Bakanı", "TR", "2021-04", "hulusi-akar"),
    ("Savunma Bakanı", "TR", "2024-04", "yasar-guler"),
    ("Savunma Bakanı", "UA", "2022-06", "oleksiy-reznikov"),
    ("Güvenlik Konseyi Sekreteri", "RU", "2022-06", "nikolay-patrusev"),
    ("Güvenlik Konseyi Sekreteri", "RU", "2025-01", "sergey-soygu"),
    ("Devlet Başkanı", "RU", "2024-01", "vladimir-putin"),
    ("Devlet Başkanı", "UA", "2022-03", "volodimir-zelenskiy"),
    ("Devlet Başkanı", "SY", "2023-05", "besar-esad"),
    ("Cumhurbaşkanı", "SY", "2025-06", "ahmed-es-sara"),
    ("Cumhurbaşkanı", "IR", "2025-02", "mesud-pezeskiyan"),
    ("Genelkurmay Başkanı", "TR", "2020-09", "yasar-guler"),
    ("Genelkurmay Başkanı", "TR", "2024-03", "metin-gurak"),
    ("MİT Başkanı", "TR", "2020-09", "hakan-fidan"),
    ("MİT Başkanı", "TR", "2024-03", "ibrahim-kalin"),
    ("Kremlin Sözcüsü", "RU", "2023-01", "dmitriy-peskov"),
    ("ABD Başkanı", "US", "2020-06", "donald-trump"),
    ("ABD Başkanı", "US", "2022-06", "joe-biden"),
    ("ABD Başkanı", "US", "2025-06", "donald-trump"),
])
def test_a_dated_role_has_one_holder_in_its_country(registry, phrase, country, when, holder):
    assert _holders(registry, phrase, country, when) == [holder]


def test_a_role_has_no_holder_outside_its_dates(registry):
    assert _holders(registry, "Savunma Bakanı", "RU", "2010-06") == []      # Serdyukov's time: not listed
    assert _holders(registry, "Devlet Yüksek Konseyi Başkanı", "LY", "2025-01") == []   # disputed since 2024-08


@pytest.mark.parametrize("elder, younger, bare", [
    ("halife-hafter", "saddam-hafter", "Hafter"),
    ("halife-hafter", "halid-hafter", "Hafter"),
    ("halife-hafter", "belkasim-hafter", "Hafter"),
    ("ilham-aliyev", "mehriban-aliyeva", "Aliyev"),
    ("gurbanguli-berdimuhamedov", "serdar-berdimuhamedov", None),
    ("mesud-barzani", "mesrur-barzani", None),
    ("mesud-barzani", "necirvan-barzani", None),
    ("selman-bin-abdulaziz", "muhammed-bin-selman", None),
])
def test_relatives_stay_separate(registry, elder, younger, bare):
    """Relatives are two entities with no form in common; a shared bare surname belongs to one of
    them (the one the press means by it) or to none."""
    a, b = registry.entities[elder], registry.entities[younger]
    assert a.label == b.label == "PER" and a.entity_id != b.entity_id
    assert not {fold(x) for x in a.aliases} & {fold(x) for x in b.aliases}
    surname = (bare or a.name.split()[-1])
    owners = [e.entity_id for e in persons(registry) if fold(surname) in {fold(x) for x in e.aliases}]
    assert owners == ([elder] if bare else [])


def test_a_renamed_person_is_one_entity(registry):
    sara = registry.entities["ahmed-es-sara"]
    assert {"Ebu Muhammed el-Culani", "Culani", "Ahmed eş-Şara", "eş-Şara"} <= set(sara.aliases)
    assert "ebu-muhammed-el-culani" not in registry.entities


@pytest.mark.parametrize("word", ["Özel", "Yavaş", "Duran", "Şimşek", "Yılmaz", "Kılıç", "Tunç", "Bayraktar",
                                  "Akıncı", "Tatar", "Kabul", "Muhbir", "Abbas", "Şara", "Sara", "Bozkır",
                                  "Selami", "Novak", "Harris", "Johnson"])
def test_everyday_words_and_shared_names_are_no_alias(registry, word):
    """One-word forms that are common Turkish words, given names or surnames of many people."""
    assert not [e.entity_id for e in registry.entities.values() if fold(word) in {fold(a) for a in e.aliases}]


def test_lexicon_keeps_yaml_booleans_as_words(registry):
    assert "No" in registry.lexicon.abbreviations
    assert registry.lexicon.demonyms["Rus"] == "RU" and registry.lexicon.demonyms["Türk"] == "TR"
    assert "DHA" in registry.lexicon.outlets and "Kamera" in registry.lexicon.byline_roles


def test_fingerprint_is_sha256_of_the_four_files(registry, tmp_path):
    data = b"".join((DATA / name).read_bytes() for name in FILE_NAMES)
    assert registry.fingerprint == hashlib.sha256(data).hexdigest()
    for name in FILE_NAMES:
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    with (tmp_path / "topics.yaml").open("a", encoding="utf-8") as fh:
        fh.write("# changed\n")
    assert load_registry(tmp_path).fingerprint != registry.fingerprint


# ---- the per-seed tally written at the end of topics.yaml -------------------------------

_WORD = re.compile(r"[\wəƏ]+(?:[-+][\wəƏ]+)*(?:'\w+)?")


def _words(text: str) -> list[str]:
    """Folded whole words, suffix after an apostrophe cut; seed 003's ř/đ damage repaired."""
    text = normalize_apostrophes(text.replace("ř", "ş").replace("đ", "ğ"))
    return [fold(w.split("'")[0]) for w in _WORD.findall(text)]


def _article_topics(text: str, registry: Registry) -> set[str]:
    words = " " + " ".join(_words(text)) + " "
    out = set()
    for topic in registry.topics:
        hits = {t.text: t.weight for t in topic.terms if f" {' '.join(_words(t.text))} " in words}
        if sum(hits.values()) >= 2:
            out.add(topic.label)
    return out


def test_seed_topic_tally(registry):
    seeds = sorted((DATA / "raw").glob("*.txt"))
    assert len(seeds) == 5
    got = {p.name[:3]: _article_topics(p.read_text(encoding="utf-8"), registry) for p in seeds}
    both = {"Libya", "İdlib"}
    assert got == {"000": both, "001": both | {"Karabağ"}, "002": both, "003": both, "004": both}


# ---- malformed files: the error names the file and the line -----------------------------

def _expect(loader, path: Path, text: str, line: int | None, *fragments: str) -> RegistryError:
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError) as info:
        loader(path)
    err = info.value
    assert err.path == path and err.line == line, str(err)
    assert str(err).startswith(f"{path}:{line}: " if line else f"{path}: ")
    assert path.name in str(err)
    for fragment in fragments:
        assert fragment in err.message, err.message
    return err


ACTOR_CASES = {
    "yaml_syntax": ("persons:\n  - name: Hulusi Akar\n    aliases: [Akar\n  - name: X\n", 4, "YAML syntax"),
    "top_not_mapping": ("- Hulusi Akar\n- Sergey Şoygu\n", 1, "must be a mapping"),
    "empty_file": ("# nothing here\n", 1, "empty"),
    "unknown_top_key": ("persons: []\npeople: []\n", 2, "unknown key 'people'"),
    "section_not_list": ("persons:\n  name: Hulusi Akar\n", 2, "'persons' must be a list"),
    "entry_not_mapping": ("persons:\n  - name: Hulusi Akar\n  - Sergey Şoygu\n", 3, "must be a mapping"),
    "missing_name": ("persons:\n  - name: A B\n  - title: Bakan\n    country: TR\n", 3, "'name' is missing"),
    "empty_name": ("persons:\n  - name: A B\n  - name: ''\n", 3, "'name' is missing or empty"),
    "unknown_entry_key": ("persons:\n  - name: Hulusi Akar\n    titel: Bakan\n", 3, "unknown key 'titel'"),
    "place_key_on_person": ("persons:\n  - name: Hulusi Akar\n    within: moskova\n", 3, "unknown key 'within'"),
    "duplicate_key": ("persons:\n  - name: Hulusi Akar\n    title: a\n    title: b\n", 4, "duplicate key 'title'"),
    "aliases_not_list": ("persons:\n  - name: Hulusi Akar\n    aliases: Akar\n", 3, "'aliases' must be a list"),
    "alias_not_string": ("persons:\n  - name: Hulusi Akar\n    aliases:\n      - Akar\n      - [x]\n", 5,
                         "list of non-empty strings"),
    "bad_label": ("places:\n  - name: Moskova\n    label: PER\n", 3, "'label' must be one of LOC"),
    "bad_place_kind": ("places:\n  - name: Moskova\n    kind: town\n", 3, "'kind' must be one of"),
    "bad_org_kind": ("organizations:\n  - {name: NATO, kind: alliance}\n", 2, "'kind' must be one of"),
    "bad_country": ("persons:\n  - name: Hulusi Akar\n    country: Turkey\n", 3, "country"),
    "lower_country": ("places:\n  - name: Moskova\n\n    country: ru\n", 4, "country"),
    "bad_id": ("persons:\n  - name: Hulusi Akar\n    id: Hulusi_Akar\n", 3, "'id'"),
    "duplicate_id": ("persons:\n  - name: Hulusi Akar\n  - name: Hulusi AKAR\n", 3, "entity_id 'hulusi-akar'",
                     "line 2"),
    "duplicate_explicit_id": ("persons:\n  - {name: A B, id: ab}\nplaces:\n  - {name: C, id: ab}\n", 4,
                              "repeats line 2"),
    "within_unknown": ("places:\n  - name: Moskova\n  - name: Haliç Kongre Merkezi\n    within: istanbul\n",
                       3, "'istanbul', which is not a known place"),
    "within_not_a_place": ("persons:\n  - {name: Ali Veli, country: TR}\nplaces:\n  - {name: Ev, within: ali-veli}\n",
                           4, "not a known place"),
    "role_not_mapping": ("persons:\n  - name: A B\n    roles:\n      - Bakan\n", 4, "a role must be a mapping"),
    "role_unknown_key": ("persons:\n  - name: A B\n    roles:\n      - {role: Bakan, until: 2020}\n", 4,
                         "unknown key 'until'"),
    "role_missing": ("persons:\n  - name: A B\n    roles:\n      - {country: TR}\n", 4, "'role' is missing"),
    "role_bad_date": ("persons:\n  - name: A B\n    roles:\n      - role: Bakan\n        from: 2020-13\n", 5,
                      "'from'"),
    # #21: what would crash the loader or match every article
    "alias_ve": ("persons:\n  - name: Hulusi Akar\n    aliases: [Akar, ve]\n", 3,
                 "alias 've' is an everyday Turkish word: it would match nearly every article"),
    "alias_bir_capitalised": ("places:\n  - name: Moskova\n    aliases:\n      - Moscow\n      - BİR\n", 5,
                              "alias 'BİR' is an everyday Turkish word"),
    "name_ile": ("organizations:\n  - {name: İle}\n", 2, "name 'İle' is an everyday Turkish word"),
    "name_number": ("persons:\n  - name: 1453\n", 2, "'name' must be text, but YAML reads '1453' as a number"),
    "name_yes_no": ("places:\n  - name: Ankara\n  - name: no\n", 3, "YAML reads 'no' as a yes/no value"),
    "alias_date": ("persons:\n  - name: Hulusi Akar\n    aliases: [Akar, 2020-01-19]\n", 3,
                   "'aliases' must be text, but YAML reads '2020-01-19' as a date"),
    "alias_float": ("persons:\n  - name: Hulusi Akar\n    aliases:\n      - 3.5\n", 4, "as a number"),
    "nul_byte": ("persons:\n  - name: Hulusi Akar\n    aliases: [Ak\x00ar]\n", 3,
                 "character U+0000 is not allowed in YAML"),
    "control_character": ("# yorum\x07\npersons: []\n", 1, "character U+0007 is not allowed in YAML"),
    "nested_too_deep_flow": ("persons:\n  - name: A B\n    aliases: " + "[" * 60000 + "]" * 60000 + "\n", 3,
                             "nested more than 50 levels deep"),
    "nested_too_deep_block": ("persons:\n" + "- " * 60000 + "x\n", 2, "nested more than 50 levels deep"),
    "nested_deep_then_syntax_error": ("persons: " + "[" * 3000 + "]" * 3000 + "\n\tx: 1\n", 1,
                                      "nested more than 50 levels deep"),   # was a RecursionError
}


@pytest.mark.parametrize("case", sorted(ACTOR_CASES))
def test_malformed_actors(tmp_path, case):
    text, line, fragment = ACTOR_CASES[case][:3]
    _expect(load_entities, tmp_path / "actors.yaml", text, line, fragment, *ACTOR_CASES[case][3:])


def test_alias_collision_names_both_lines(tmp_path):
    text = ("persons:\n"
            "  - name: Hulusi Akar\n"
            "    aliases: [Akar]\n"
            "  - name: Ali Akar\n"
            "    aliases:\n"
            "      - AKAR\n")
    err = _expect(load_entities, tmp_path / "actors.yaml", text, 6, "'AKAR'", "'ali-akar'", "'hulusi-akar'")
    assert "line 3" in err.message


def test_alias_collision_is_fold_insensitive_across_sections(tmp_path):
    text = "places:\n  - {name: İdlib}\norganizations:\n  - {name: IDLIB Grubu, aliases: [Idlib]}\n"
    err = _expect(load_entities, tmp_path / "actors.yaml", text, 4, "'Idlib'", "'idlib'")
    assert "line 2" in err.message


def test_same_entity_may_repeat_a_form(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("persons:\n  - {name: Sergey Şoygu, aliases: [Şoygu, Soygu, Sergey Şoygu]}\n", encoding="utf-8")
    entity = load_entities(path)["sergey-soygu"]
    assert entity.aliases == ("Sergey Şoygu", "Şoygu", "Soygu") and entity.label == "PER"


def test_missing_file_has_no_line(tmp_path):
    _expect_missing = tmp_path / "nowhere" / "actors.yaml"
    with pytest.raises(RegistryError) as info:
        load_entities(_expect_missing)
    assert info.value.line is None and str(info.value) == f"{_expect_missing}: file not found"
    with pytest.raises(RegistryError, match=r"actors\.yaml: file not found"):
        load_registry(tmp_path)


TOPIC_CASES = {
    "no_topics_key": ("labels: []\n", 1, "unknown key 'labels'"),
    "missing_topics_key": ("{}\n", 1, "missing top-level key 'topics'"),
    "duplicate_label": ("topics:\n  - label: Libya\n    terms: [{term: Libya, weight: 2}]\n"
                        "  - label: LIBYA\n    terms: [{term: Trablus, weight: 2}]\n", 4, "repeats line 2"),
    "weight_three": ("topics:\n  - label: Libya\n    terms:\n      - {term: Libya, weight: 2}\n"
                     "      - term: Trablus\n        weight: 3\n", 6, "must be one of 1, 2"),
    "weight_word": ("topics:\n  - label: Libya\n    terms:\n      - {term: Libya, weight: heavy}\n", 4,
                    "'weight'"),
    "weight_missing": ("topics:\n  - label: Libya\n    terms:\n      - {term: Libya}\n", 4, "'weight' is missing"),
    "term_repeated": ("topics:\n  - label: Libya\n    terms:\n      - {term: Libya, weight: 2}\n"
                      "      - {term: LİBYA, weight: 1}\n", 5, "repeats line 4"),
    "no_terms": ("topics:\n  - label: Libya\n    terms: []\n", 3, "has no terms"),
    "missing_label": ("topics:\n  - terms: [{term: Libya, weight: 2}]\n", 2, "'label' is missing"),
    "term_unknown_key": ("topics:\n  - label: Libya\n    terms:\n      - {term: Libya, wieght: 2}\n", 4,
                         "unknown key 'wieght'"),
    "term_everyday": ("topics:\n  - label: Libya\n    terms:\n      - {term: Libya, weight: 2}\n"
                      "      - term: için\n        weight: 1\n", 5, "term 'için' is an everyday Turkish word"),
    "term_number": ("topics:\n  - label: Libya\n    terms:\n      - {term: 2020, weight: 1}\n", 4,
                    "'term' must be text"),
}


@pytest.mark.parametrize("case", sorted(TOPIC_CASES))
def test_malformed_topics(tmp_path, case):
    _expect(load_topics, tmp_path / "topics.yaml", *TOPIC_CASES[case])


EVENT_CASES = {
    "unknown_top_key": ("named: []\nspecial: []\n", 2, "unknown key 'special'"),
    "event_alias_twice": ("named:\n  - name: Berlin Konferansı\n    aliases: [Berlin süreci]\n"
                          "  - name: Berlin Süreci Toplantısı\n    aliases: [BERLİN SÜRECİ]\n", 5,
                          "already claimed by 'Berlin Konferansı' at line 3"),
    "event_name_twice": ("named:\n  - {name: Soçi Mutabakatı}\n  - {name: Soci Mutabakati}\n", 3, "repeats line 2"),
    "dated_event": ("named:\n  - {name: Soçi Mutabakatı, date: 2018-09-17}\n", 2, "unknown key 'date'"),
    "unknown_topic": ("named:\n  - name: X Zirvesi\n    topic: Suriye\n", 3, "'topic' must be one of"),
    "generic_missing_name": ("generic:\n  - {term: ateşkes}\n", 2, "'name' is missing"),
    "generic_twice": ("generic:\n  - {term: ateşkes, name: Ateşkes}\n  - {term: ATEŞKES, name: A}\n", 3,
                      "repeats line 2"),
    "event_alias_bir": ("named:\n  - name: Berlin Konferansı\n    aliases: [bir]\n", 3,
                        "alias 'bir' is an everyday Turkish word"),
    "event_name_date": ("named:\n  - name: 2020-01-19\n", 2, "'name' must be text, but YAML reads '2020-01-19' as a date"),
    "generic_term_ve": ("generic:\n  - {term: ve, name: Ve}\n", 2, "term 've' is an everyday Turkish word"),
}


@pytest.mark.parametrize("case", sorted(EVENT_CASES))
def test_malformed_events(tmp_path, case):
    text, line, fragment = EVENT_CASES[case]
    _expect(lambda p: load_events(p, topic_labels=["Libya", "İdlib", "Karabağ"]),
            tmp_path / "events.yaml", text, line, fragment)


def test_event_topics_checked_by_load_registry(tmp_path):
    for name in FILE_NAMES:
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    (tmp_path / "events.yaml").write_text("named:\n  - {name: X, topic: Irak}\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"events\.yaml:2: 'topic' must be one of"):
        load_registry(tmp_path)


def test_quoted_numbers_and_rare_words_are_names(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("places:\n  - name: '1453'\n  - name: Ordu\n  - name: Van\n    aliases: ['yes']\n", encoding="utf-8")
    assert [e.aliases for e in load_entities(path).values()] == [("1453",), ("Ordu",), ("Van", "yes")]


def test_no_form_in_the_curated_files_is_an_everyday_word(registry):
    forms = [a for e in registry.entities.values() for a in e.aliases] + \
        [a for ev in registry.named_events for a in ev.aliases] + \
        [t.text for topic in registry.topics for t in topic.terms] + [t for t, _ in registry.generic_events]
    assert not {fold(f) for f in forms} & EVERYDAY_WORDS


def _lexicon_text(**override: str) -> str:
    parts = {"person_titles": "[Bakanı]", "org_heads": "[Bakanlığı]", "place_heads": "[Körfezi]",
             "first_names": "[Hulusi]", "byline_roles": "[Kamera]", "outlets": "[DHA]",
             "abbreviations": "[Dr, No]", "demonyms": "{Rus: RU}", "delegation_words": "[heyet]"}
    parts.update(override)
    return "".join(f"{k}: {v}\n" for k, v in parts.items() if v is not None)


def test_lexicon_minimal(tmp_path):
    path = tmp_path / "lexicon.yaml"
    path.write_text(_lexicon_text(), encoding="utf-8")
    lexicon = load_lexicon(path)
    assert lexicon.abbreviations == frozenset({"Dr", "No"}) and lexicon.demonyms == {"Rus": "RU"}


LEXICON_CASES = {
    "missing_key": (_lexicon_text(outlets=None), 1, "missing top-level key 'outlets'"),
    "unknown_key": (_lexicon_text() + "stopwords: [ve]\n", 10, "unknown key 'stopwords'"),
    "list_is_mapping": (_lexicon_text(first_names="{Hulusi: 1}"), 4, "'first_names' must be a list"),
    "bad_demonym": (_lexicon_text(demonyms="{Rus: RU, Türk: turkish}"), 8, "country"),
}


@pytest.mark.parametrize("case", sorted(LEXICON_CASES))
def test_malformed_lexicon(tmp_path, case):
    _expect(load_lexicon, tmp_path / "lexicon.yaml", *LEXICON_CASES[case])
