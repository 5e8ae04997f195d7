"""Mentions and entities: the rules backend on the seeds and on new text."""
from __future__ import annotations

import dataclasses

import pytest

from conftest import RAW, SEED_IDS
from newsgraph.storage import store
from newsgraph.jobs.build import build
from newsgraph.analysis.nlp.rules import RulesNER

SEED_PERSONS = {
    "000": {"hulusi-akar", "yasar-guler", "recep-tayyip-erdogan", "vladimir-putin"},
    "001": {"hulusi-akar", "sergey-soygu"},
    "002": {"fayiz-es-serrac", "halife-hafter", "mevlut-cavusoglu", "hulusi-akar", "hakan-fidan",
            "sergey-lavrov", "sergey-soygu", "recep-tayyip-erdogan", "vladimir-putin"},
    "003": {"sergey-lavrov", "vladimir-putin", "mihail-bogdanov", "sedat-onal", "fayiz-es-serrac", "akile-salih"},
    "004": {"mevlut-cavusoglu", "sergey-lavrov", "recep-tayyip-erdogan", "vladimir-putin", "kasim-suleymani"},
}


@pytest.fixture(scope="module")
def ner(registry):
    return RulesNER(registry)


def persons_of(tables, prefix: str) -> set[str]:
    m = tables["mentions"]
    aid = next(a for a in SEED_IDS if a.startswith(prefix))
    return set(m[(m["article_id"] == aid) & (m["label"] == "PER")]["entity_id"])


@pytest.mark.parametrize("prefix", sorted(SEED_PERSONS))
def test_seed_persons_found_and_linked(tables, prefix):
    assert persons_of(tables, prefix) == SEED_PERSONS[prefix]


def test_suffixed_forms_cut_at_the_apostrophe(ner):
    text = ("Akar, Şoygu'ya teşekkür etti. Erdoğan Putin'le, Lavrov'dan haber bekleyen Akar'ın ekibi "
            "Hafter'e ve Serrac'la görüşen heyete katıldı.")
    got = {(m.surface, m.suffix, m.entity_id) for m in ner.find(text)}
    assert {("Şoygu", "'ya", "sergey-soygu"), ("Putin", "'le", "vladimir-putin"), ("Lavrov", "'dan", "sergey-lavrov"),
            ("Akar", "'ın", "hulusi-akar"), ("Hafter", "'e", "halife-hafter"), ("Serrac", "'la", "fayiz-es-serrac")} <= got


def test_case_folding_and_dotted_i(ner):
    found = {m.entity_id for m in ner.find("İDLİB KONUSU. Idlib ve İdlib'de, ISTANBUL'da ve İstanbul'da.")}
    assert found == {"idlib", "istanbul"}


def test_titles_are_not_part_of_the_name(ner):
    [lavrov] = [m for m in ner.find("Rusya Dışişleri Bakanı Sergey Lavrov açıklama yaptı.") if m.label == "PER"]
    assert (lavrov.surface, lavrov.entity_id) == ("Sergey Lavrov", "sergey-lavrov")


def test_bare_suffix_on_a_full_name(ner):
    [guler] = [m for m in ner.find("Genelkurmay Başkanı Yaşar Gülerin Libya'ya gitmesi.") if m.label == "PER"]
    assert (guler.surface, guler.suffix, guler.entity_id) == ("Yaşar Güler", "in", "yasar-guler")


def test_camera_credit_is_not_an_actor(tables):
    aid = next(a for a in SEED_IDS if a.startswith("004"))
    arts = tables["articles"].set_index("article_id")
    assert arts.at[aid, "byline"] == "Kamera Güven USTA"
    assert not tables["mentions"]["surface"].str.contains(r"\bGüven\b|USTA").any()
    assert "guven-usta" not in set(tables["entities"]["entity_id"])


def test_credit_inside_the_body_is_not_an_actor_either(ner):
    assert not [m for m in ner.find("Haber merkezi bildirdi. Muhabir Ahmet YILMAZ İstanbul") if m.label == "PER"]


def test_names_in_the_repaired_seed_003(tables):
    assert persons_of(tables, "003") >= {"mihail-bogdanov", "sedat-onal", "akile-salih", "sergey-lavrov"}
    m = tables["mentions"]
    aid = next(a for a in SEED_IDS if a.startswith("003"))
    assert {"Dışişleri Bakanlığı Diplomasi Akademisi", "İdlib Gerginliği Azaltma Bölgesi", "M4 kara yolu"} <= set(
        m[m["article_id"] == aid]["surface"])


def test_surname_alone_links_to_the_person_named_before(registry):
    reduced = dataclasses.replace(registry, entities={k: v for k, v in registry.entities.items() if k != "sedat-onal"})
    ner = RulesNER(reduced)
    found = ner.find("Dışişleri Bakan Yardımcısı Sedat Önal Moskova'ya gitti. Önal, görüşmeleri anlattı.")
    people = [(m.surface, m.entity_id, m.method) for m in found if m.label == "PER"]
    assert people == [("Sedat Önal", "sedat-onal", "discovered"), ("Önal", "sedat-onal", "coref")]


def test_names_outside_the_registry_by_stated_rules(ner):
    text = ("Kazakistan Dışişleri Bakanı Beibut Atamkulov Ankara'da konuştu. Sayın Atamkulov, "
            "Nur Otan Partisi ile Şımkent'te bir toplantı yaptı. Tokayev'in ekibi Astana'dan geldi.")
    found = {(m.surface, m.label) for m in ner.find(text) if m.method in ("discovered", "coref")}
    assert ("Beibut Atamkulov", "PER") in found          # after a title, with a first name
    assert ("Nur Otan Partisi", "ORG") in found           # ends with an organisation head
    assert ("Şımkent", "LOC") in found                    # one word with a place suffix
    assert ("Atamkulov", "PER") in found                 # surname after the full name


def test_months_and_event_words_are_not_names(ner):
    found = {m.surface for m in ner.find("Soçi Mutabakatı'na ek olarak 5 Mart'ta ve 19 Ocak'ta Berlin Konferansı.")}
    assert found == {"Soçi", "Berlin"}


def test_one_typo_in_a_long_place_name(ner):
    [gulf] = ner.find("gerginlik Basra Körezi'nde sürüyor")
    assert (gulf.surface, gulf.entity_id) == ("Basra Körezi", "basra-korfezi")


def test_entities_table_counts(tables):
    ents = tables["entities"].set_index("entity_id")
    assert ents.at["sergey-lavrov", "article_count"] == 3
    assert ents.at["hulusi-akar", "in_registry"] and ents.at["hulusi-akar", "label"] == "PER"
    assert ents["mention_count"].sum() == len(tables["mentions"].dropna(subset=["entity_id"]))


def test_held_out_persons_are_discovered(registry, tmp_path):
    held = {"yasar-guler", "hakan-fidan", "mihail-bogdanov", "sedat-onal", "akile-salih", "halife-hafter",
            "fayiz-es-serrac"}
    reduced = dataclasses.replace(registry, entities={k: v for k, v in registry.entities.items() if k not in held})
    out = tmp_path / "processed"
    build(RAW, out, backend="rules", registry=reduced, workers=1)
    mentions = store.read_table(out, "mentions")
    found = set(mentions.loc[mentions["method"].isin(["discovered", "coref"]) & (mentions["label"] == "PER"), "entity_id"])
    assert held <= found
