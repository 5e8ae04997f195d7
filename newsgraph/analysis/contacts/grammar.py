"""The contact grammar of one sentence: for each trigger, the sides its phrases stand on.

Turkish is verb-final: the phrases a trigger governs stand before it, back to the previous
trigger (its window), except the head of a participle, which follows it ("Lavrov ile
görüşen Çavuşoğlu"). Within a window, cases say who is who (see triggers.py for frames):

- subject: the nominative, or the genitive of a nominalised verb or a possessed noun
  ("A'nın B ile görüşmesi", "A'nın B ile görüştüğünü söyledi": the nominative before the
  genitive is who says it);
- the other side: the comitative for symmetric verbs and nouns, the accusative for `obj`
  verbs (and the dative for a visit: "Şentop'a nezaket ziyaretinde bulundu"), the
  nominative for a passive ("B, A tarafından kabul edildi");
- each comitative closes a contact with the subjects before it ("Türk heyet Serrac'la,
  Rus heyet ise Hafter'le bir araya geldi": two contacts); "X'in ardından Y'yi de aradı":
  a contact with each;
- companions stand on their subject's side; mediators, speakers, sources and hosts who only
  invited stand on no side;
- "A ile B arasında" and coordinated subjects with no other side ("A, B ve C bir araya
  geldi") make one side per member; "A'dan B'ye telefon" is a call from A to B.

The result is a list of `Proto` contacts whose sides are still phrases; extract.py turns
phrases into people (delegations, roles, counterparts) and splits sides by country.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from newsgraph.analysis.contacts.phrases import Phrase, members
from newsgraph.analysis.contacts.triggers import Trigger, is_request

# How a side's units become sides: `one` side; `country`: one side per country; `each`: one
# side per country when there are several countries, else one per unit.
ONE, COUNTRY, EACH = "one", "country", "each"
_HEAD_GAP = re.compile(r"^[\s,]*(?:(?:liderler|isimler|kişiler|bakanlar|yetkililer)\w*\s+arasında\s+)?"
                       r"(?:[A-ZÇĞİÖŞÜ][\w.'-]*\s+|[a-zçğıöşü]+\s+){0,5}$")
# A noun with a 3rd-person possessive agrees with a genitive subject: "görüşme-si", "zirve-si-nde",
# "görüşme-leri"; so does a light verb's participle ("görüşme yap-tığı").
_POSSESSED = re.compile(r"(?:görüşme|toplantı|zirve|buluşma|müzakere|ziyaret|temas|taleb)(?:s[ıiuü]|[ıiuü]|ler[ıi]|lar[ıi])"
                        r"(?:nd[ae]n?|n[ıiuü]n|n[ae]|n[ıiuü]|yl[ae]|nd[ae]ki)?$|\s\w+(?:[dt][ıiuü](?:ğ|kl[ae]r)|[ae]c[ae](?:ğ|kl[ae]r))\w*$")


# A participle with a case ending is a clause in that case, not one qualifying the next noun:
# "görüştüğünü açıkladı", "görüştüklerine dikkat çekti" (but "görüştüğü liderler").
_COMPLEMENT = re.compile(r"[dt][ıiuü][ğk](?:l[ae]r)?[ıiuü](?:n[ıiuü]|n[ae]|nd[ae]n?)$")


# A verb form agreeing with a genitive subject, between it and the noun: "yapması planlanan",
# "yapacağı", "gerçekleştirdiği".
_AGREES = re.compile(r"\b(?:yap|gerçekleştir|düzenle)(?:ıl|il)?(?:ması|mesi|tığı|dığı|tiği|diği|acağı|eceği|tıkları|dıkları|tikleri|dikleri"
                     r"|acakları|ecekleri)\b")     # "Erdoğan ve Putin'in … gerçekleştirilecekleri görüşme" too


# Whom one thanks for coming is who came: "Aliyev ve Paşinyan'a Moskova'ya geldikleri için teşekkür etti".
_THANKS = re.compile(r"\s+için\s+(?:\S+\s+){0,2}?(?:teşekkür|şükran|minnet)", re.I)

# A gathering its host takes part in (a summit, a meeting of several), unlike talks the host only brings about.
_GATHERING = re.compile(r"zirve|toplantı|konferans|üçlü|dörtlü|beşli")

# A lower-case plural noun in the comitative right before the verb: the others are people unnamed
# ("aileleriyle", "gazetecilerle"; not "video konferans aracılığıyla").
_WITH_OTHERS = re.compile(r"(?<![\w'’])[a-zçğıöşü]+l[ae]r[a-zçğıöşü]*(?:yla|yle|la|le)\s+$")
_NEAR_HOST = 40                      # a visit's dative host stands close before it ("Şentop'a nezaket ziyaretinde")
_INFORMS = re.compile(r"(?:bilgi|brifing)\s+ver")

_SCENE = re.compile(r"\s+(?:sırasında|esnasında|marjında|kapsamında|çerçevesinde|öncesinde|sonrasında|ardından|"
                    r"sonunda|başında|öncesi|sonrası|boyunca)\b")


@dataclass
class Side:
    phrases: list[Phrase]
    mode: str = COUNTRY


@dataclass
class Proto:
    """One contact of a sentence before its phrases are resolved to people."""

    trigger: Trigger
    sides: list[Side]
    needs_subject: bool = False          # no subject in the sentence: the previous one's (pro-drop)
    refers_back: bool = False            # names no one: it describes the contact just reported

    def used(self) -> list[Phrase]:
        return [p for side in self.sides for p in side.phrases]


def participle_head(trigger: Trigger, after: list[Phrase], sentence: str) -> Phrase | None:
    """The phrase a participle modifies: 'görüşen [Çavuşoğlu]', 'kabul ettiği [Aliyev]',
    'görüştüğü liderler arasında [Merkel, …]'."""
    if trigger.shape not in ("subj_participle", "obj_participle") or not after or _COMPLEMENT.search(trigger.text):
        return None
    head = after[0]
    if not _HEAD_GAP.match(sentence[trigger.end:head.start]):   # who then speaks took part too ("görüşen X, \"…\" dedi")
        return None
    return head


def _subject_phrases(trigger: Trigger, usable: list[Phrase]) -> list[Phrase]:
    """A nominalised verb's genitive subject is the last genitive before it (an earlier one is the
    subject of another clause: "Erdoğan'ın … yinelediği belirtilerek, Reisi'nin ziyaretinin"), and
    pushes out the nominatives before it (they say it)."""
    nominal = trigger.shape in ("obj_participle", "vnoun", "noun")
    gens = [i for i, p in enumerate(usable) if p.case == "gen" and p.mark is None]
    if trigger.shape == "converb" and gens and not any(p.case == "nom" and p.mark is None for p in usable[gens[-1]:]):
        nominal = True                   # "(Peskov,) Putin'in Tahran'a gelerek … görüşeceğini": the clause's genitive subject
    if nominal and gens:
        return [p for i, p in enumerate(usable) if i == gens[-1] or (i > gens[-1] and p.case != "gen")
                or p.case not in ("nom", "gen") or p.mark]
    if not nominal:
        return [p for p in usable if p.case != "gen" or p.mark]   # a genitive only possesses here
    return usable


def _others(trigger: Trigger) -> tuple[str, ...]:
    """Cases of the other side (a visit's comitative travels along: "eşiyle Bakü'yü ziyaret etti")."""
    if trigger.type == "visit" and trigger.frame != "obj":
        return ()
    if trigger.frame == "obj":
        return ("nom", "gen") if trigger.passive else ("acc", "dat") if trigger.type == "visit" else \
            ("dat",) if _INFORMS.search(trigger.text) else ("acc",)
    return ("com",)


def _is_subject(p: Phrase, trigger: Trigger) -> bool:
    if trigger.frame == "obj" and trigger.passive:
        return p.mark == "agent"
    return p.case in ("nom", "gen") and p.mark is None


def protos(trigger: Trigger, window: list[Phrase], head: Phrase | None, main: Phrase | None,
           text: str) -> list[Proto]:
    """The contacts one trigger reports, from the phrases it owns (`text`: the sentence)."""
    usable = [p for p in window if not p.speaker and p.mark not in ("source", "mediator", "host")]
    possessed = bool(_POSSESSED.search(trigger.text))
    if trigger.type == "visit" and trigger.frame == "noun" and main is not None and main.kind == "person" \
            and not any(p.case == "gen" for p in usable) and _AGREES.search(text[max(0, trigger.start - 25):trigger.start]):
        return [Proto(trigger, [Side([main], ONE)])]   # "Fidan, Şam'a yaptığı ziyaret kapsamında …": the subject's trip
    if trigger.frame == "noun" and not possessed and (_SCENE.match(text, trigger.end) or trigger.type == "visit"):
        usable = [p for p in usable if p.case != "nom" or p.mark]     # "müzakereler sırasında A ile B görüşmedi"
    if is_request(trigger.text):
        return _request(trigger, usable)
    if trigger.frame == "noun" and not possessed:
        usable = [p for p in usable if p.case != "gen" or p.mark or p.extra.get("owner")      # "müzakerelerin": no one's
                  or _AGREES.search(text, p.end, trigger.end)]   # "Putin'in yapması planlanan ziyaret", "A'nın gerçekleştirdiği görüşmeler"
        usable = [p for p in usable if p.case != "gen" or "," not in text[p.end:trigger.start].lstrip(" ,")]
        # "Al Nahyan'ın rahatsızlığı nedeniyle ertelediğini, … ziyareti": a clause ended between them
    joined = [p for p in usable if p.mark == "member"]
    if joined and trigger.frame == "noun":       # "Putin ve Ruhani'nin katılımıyla (Erdoğan'ın ev sahipliğinde) zirve"
        hosts = [p for p in window if p.mark == "mediator" and p.case == "gen"] if _GATHERING.search(trigger.text) else []
        if _EVENT_ENDS.match(text, trigger.end):   # "A, B ve C'nin katılımıyla zirve sona erdi": the event is the
            hosts += [p for p in usable if p.case == "nom" and p.mark is None and p.kind == "person"   # subject, so
                      and _LIST_GAP.fullmatch(text[p.end:joined[0].start])]   # A heads the list (the case is on its last)
        return [Proto(trigger, [Side([m], EACH) for p in hosts + joined for m in members(p)])]
    if trigger.shape == "obj_participle" and _EVENT_ENDS.match(text, trigger.end):
        gens = [p for p in usable if p.case == "gen" and p.mark is None]   # "A, B ve C'nin katıldığı zirve sona erdi"
        lead = next((p for p in usable if gens and p.case == "nom" and p.mark is None and p.kind == "person"
                     and _LIST_GAP.fullmatch(text[p.end:gens[0].start])), None)
        if lead is not None:                     # A heads the list: the case is on its last member only
            group = Phrase(lead.start, gens[0].end, "group", lead.persons + gens[0].persons, case="gen",
                           extra={"members": members(lead) + members(gens[0])})
            usable = [group if p is gens[0] else p for p in usable if p is not lead]
    named = usable[-1] if trigger.frame == "noun" and usable else None
    if named is not None and named.kind == "group" and named.case == "nom" and named.mark is None \
            and not text[named.end:trigger.start].strip():       # "Burns ve Narışkin görüşmesi": its members
        return [Proto(trigger, [Side([m], EACH) for m in members(named)])]
    between = [p for p in usable if p.mark == "between"]
    if between:
        return [Proto(trigger, [Side([m], EACH) for m in members(between[-1])])]
    if trigger.type == "phone_call" and trigger.text.startswith("telefon") and trigger.frame == "noun":
        call = _headline_call(trigger, usable)
        if call:
            return call
    if trigger.frame == "sym" and trigger.passive:  # "… Deklarasyonu'nun imzalandığı Dostluk Evi": what was
        usable = [p for p in usable if p.case not in ("nom", "gen") or p.mark]   # signed or held, not who
        agents = [p for p in usable if p.mark == "agent"]
        if agents:                                 # "Bildiri, A ve B (ile C) tarafından imzalandı": the parties, by country
            partners = [p for p in usable if p.case == "com" and p.via_ile and p.mark is None and p.end <= agents[0].start]
            if partners:                           # "A ve B ile C tarafından": A and B, C
                return [Proto(trigger, [Side([m for p in partners for m in members(p)], ONE),
                                        Side([m for p in agents for m in members(p)], ONE)])]
            return [Proto(trigger, [Side([m for p in agents for m in members(p)], EACH)])]
    usable = _subject_phrases(trigger, usable)
    if trigger.shape == "subj_participle" and head is None:
        return []                         # "5 Mart'ta kabul edilen protokol": it qualifies a thing
    if trigger.frame == "move":
        return _move(trigger, usable, head, main, text)
    if trigger.shape == "subj_participle" and head is not None and trigger.frame == "obj" and trigger.passive:
        usable = usable + [_as_case(head, "nom")]   # "X tarafından karşılanan Akar": the head is who was received
    elif trigger.shape == "subj_participle" and head is not None:   # its case is the outer verb's: "… eden Fidan'a"
        usable = [_as_case(p, "com") if _listed_before(p, usable, text) else p for p in usable]
        usable = [p for p in usable if not _is_subject(p, trigger)] + [_as_case(head, "nom")]
    if trigger.shape == "obj_participle" and head is not None and head.mark is None:
        usable = usable + [_as_other(head, trigger)]
    return _contacts(trigger, usable, main, text)


# A verb of the event itself after its noun: the noun is the clause's subject ("Zirvesi sona erdi").
_EVENT_ENDS = re.compile(r"(?:\s+[^\s,.;:]+){0,6}?\s+(?:(?:bugün|dün)\s+)?(?:sona\s+erdi|başladı|tamamlandı|yapıldı|gerçekleşti(?:rildi)?\b|düzenlendi)")
# Between the first names of a list and the rest: a comma and the next one's title ("…, Planlama Bakanı").
_LIST_GAP = re.compile(r"\s*,\s*(?:[A-ZÇĞİÖŞÜ][\w'’.-]*\s+|ve\s+){0,6}")


def _listed_before(p: Phrase, usable: list[Phrase], text: str) -> bool:
    """'A, B ve C ile görüşecek olan X': with the subject the participle's head, a nominative
    right before the comitative list (a comma and titles between) is the list's first member."""
    if p.case != "nom" or p.mark is not None:
        return False
    nxt = next((q for q in usable if q.start >= p.end), None)
    return nxt is not None and nxt.case == "com" and _LIST_GAP.fullmatch(text[p.end:nxt.start]) is not None


def _as_other(head: Phrase, trigger: Trigger) -> Phrase:
    """The head of 'A'nın kabul ettiği [B]' stands where the object would."""
    return _as_case(head, (_others(trigger) or ("com",))[0])


def _as_case(ph: Phrase, case: str) -> Phrase:
    return Phrase(ph.start, ph.end, ph.kind, ph.persons, ph.nations, case, ph.via_ile, ph.speaker, ph.extra, ph.mark)


def _contacts(trigger: Trigger, usable: list[Phrase], main: Phrase | None, text: str = "") -> list[Proto]:
    others = _others(trigger)
    passive = trigger.frame == "obj" and trigger.passive
    subjects = [p for p in usable if _is_subject(p, trigger)] if passive else []
    pairs, companions, also = [], [], []
    for i, p in enumerate(usable):
        if p.mark == "companion":
            companions.append(p)
        elif p.mark == "also":               # "Ruhani'nin ardından Putin'i de": another of the next one's role
            nxt = usable[i + 1] if i + 1 < len(usable) else None
            if nxt is not None and nxt.case in others and nxt.mark is None:
                also.append(p)
        elif passive:
            if p.case in others and p.mark is None:
                pairs.append((subjects, p))
        elif trigger.type == "visit" and p.case == "com":
            companions.append(p)
        elif _is_subject(p, trigger):
            subjects.append(p)
        elif p.case in others and trigger.frame != "join" and _takes(p, trigger):
            pairs.append((subjects, p))
            subjects = []
    trailing = [p for p in subjects if not any(p in subj for subj, _ in pairs)]
    if trailing and pairs and not pairs[0][0]:
        pairs[0] = (trailing, pairs[0][1])   # "Aliyev ve Paşinyan ile Putin'in telefon görüşmesi"
    if passive and not pairs and subjects and main is not None and main not in subjects:
        pairs.append((subjects, main))       # "… görüşen Fidan, ardından Putin tarafından kabul edildi"
    if not pairs:
        if not subjects and main is not None and (trigger.frame in ("sym", "join") or trigger.type == "visit"
                                                  and trigger.frame == "obj" and trigger.shape == "finite"):
            subjects = [main]                # "telefonda görüşen A ile B, bugün Soçi'de bir araya geldi", "A, B ile
            # görüşmek üzere Ankara'ya bir ziyaret gerçekleştirecek"
        return _single_group(trigger, subjects, companions, text)
    out = []
    for subj, other in [(pairs[0][0], a) for a in also] + pairs:   # in the order they happened: "A'nın ardından B ile"
        subj = subj or ([main] if main is not None and main is not other else [])
        mode = ONE if passive or trigger.text.startswith("karşıla") else COUNTRY   # "A, B ve C tarafından
        # karşılandı", "X'i A ile B karşıladı": one welcoming party
        out.append(Proto(trigger, [Side(subj + companions, ONE if companions else mode), Side([other], COUNTRY)],
                         needs_subject=not subj))    # "A, Maltalı mevkidaşı B ile birlikte C ile": A and B one side
    return out


def _takes(p: Phrase, trigger: Trigger) -> bool:
    """A dative is the other side only of a visit ('Şentop'a nezaket ziyaretinde bulundu') or of
    informing ('Putin'e telefonda bilgi verdi')."""
    if p.case != "dat" or _INFORMS.search(trigger.text):
        return True
    return trigger.type == "visit" and trigger.start - p.end <= _NEAR_HOST   # not "Netanyahu'ya baskı yapması …"


def _single_group(trigger: Trigger, subjects: list[Phrase], companions: list[Phrase], text: str = "") -> list[Proto]:
    """No other side named: coordinated subjects meet each other ("A ve B görüştü"), a visit
    goes to a place, or, with no one named, the words refer back."""
    if not subjects and not companions:       # only a noun names a contact already told ("Görüşmede …"),
        return [Proto(trigger, [], refers_back=True)] if trigger.frame == "noun" or (    # or a joint act its people
            trigger.passive and trigger.type in ("press_conference", "statement")) else []  # did ("… düzenlendi")
    if trigger.frame == "obj" and trigger.type != "visit":
        return []                         # "kabul etti", "aradı" need whom
    if trigger.frame == "sym" and _WITH_OTHERS.search(text, max(0, trigger.start - 40), trigger.start):
        return []                         # "komutanlar aileleriyle bir araya gelecek": with people unnamed
    units = [m for p in subjects for m in members(p)]
    purpose = trigger.text.endswith(("mek üzere", "mak üzere"))   # "A ve B, görüşmek üzere İstanbul'a gelecek": whom, unsaid
    if companions or trigger.type == "visit" or purpose or (len(units) == 1 and units[0].kind == "person") \
            or trigger.text.startswith("temas"):   # "A, B ve C Şam'da temaslarda bulundu": one party, with others
        return [Proto(trigger, [Side(subjects + companions, ONE)])]    # one side: completed or dropped later
    return [Proto(trigger, [Side(subjects, EACH)])]


def _move(trigger: Trigger, usable: list[Phrase], head: Phrase | None, main: Phrase | None, text: str) -> list[Proto]:
    """'A, beraberinde B ile Moskova'ya gitti': one side, the travellers. 'Moskova'ya geldikleri
    için': whose coming it is the text does not say unless a genitive does."""
    if trigger.shape == "obj_participle" and not any(p.case == "gen" and p.mark is None for p in usable) \
            and " " not in trigger.text:
        thanked = [p for p in usable if p.case == "dat" and p.mark is None]
        if thanked and _THANKS.match(text, trigger.end):    # "Aliyev ve Paşinyan'a Moskova'ya geldikleri için teşekkür etti"
            return [Proto(trigger, [Side(thanked[-1:], ONE)])]
        if trigger.text.endswith(("dikleri", "tikleri", "dıkları", "tıkları")):
            return []
    travellers = [p for p in usable if p.case in ("nom", "gen", "com") and p.mark in (None, "companion")]
    if trigger.shape == "subj_participle" and head is not None:
        travellers = [p for p in travellers if p.case == "com" or p.mark == "companion"] + [head]
    needs = not any(p.case in ("nom", "gen") or p is head for p in travellers)
    if needs and main is not None:
        travellers = [main] + travellers
    if trigger.text.startswith("bulun") and travellers:     # "A ile B, bulundukları Roma'da": each is there,
        return [Proto(trigger, [Side([m], ONE)]) for p in travellers for m in members(p)]   # not one party
    return [Proto(trigger, [Side(travellers, ONE)], needs_subject=needs and main is None)]


def _request(trigger: Trigger, usable: list[Phrase]) -> list[Proto]:
    """'B, A'nın görüşme talebini kabul etmedi': who asked and who was asked."""
    asked = [p for p in usable if p.case == "nom" and p.mark is None]
    asking = [p for p in usable if p.case == "gen" and p.mark is None]
    return [Proto(trigger, [Side(asking[-1:], COUNTRY), Side(asked[:1], COUNTRY)])] if asked and asking else []


def _headline_call(trigger: Trigger, usable: list[Phrase]) -> list[Proto]:
    """'Erdoğan'dan Aliyev'e taziye telefonu': a call from the ablative to the dative."""
    caller = [p for p in usable if p.case == "abl"]
    callee = [p for p in usable if p.case == "dat"]
    if caller and callee:
        return [Proto(trigger, [Side([caller[-1]], COUNTRY), Side([callee[-1]], COUNTRY)])]
    return []
