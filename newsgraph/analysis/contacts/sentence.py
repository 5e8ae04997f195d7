"""One sentence's phrases put together before the grammar reads them: heads into their
delegations, titles that are only titles, and the phrases each trigger may take."""
from __future__ import annotations

import re

from newsgraph.analysis.contacts.delegations import headed_by
from newsgraph.analysis.contacts.phrases import Phrase
from newsgraph.analysis.contacts.triggers import Trigger

_LIST_JOIN = re.compile(r"^\s*(?:,|ve\b)\s*(?:[A-ZÇĞİÖŞÜ][\w.'-]*\s+){0,4}$")
_DELEGATION_TITLE = re.compile(r"^\s+(?:başkanı|başkan\s+yardımcısı|üyesi|sözcüsü)\s+(?:[A-ZÇĞİÖŞÜ][\w.'-]*\s+){0,4}$")
_NOUN_HEAD = re.compile(r"^\s+(?:konuşan|katılan|düzenleyen|yer\s+alan|açıklama(?:\s+yapan|larda\s+bulunan)|konuşma\s+yapan"
                        r"|(?:gazetecilerin\s+)?soruları(?:nı)?\s+yanıtlayan)\s")   # "… toplantısında açıklamalarda bulunan X"
_ACRONYM = re.compile(r"(?:^|\s)[A-ZÇĞİÖŞÜ]{2,}(?:'\w+)?\s+$")
_PRESENCE = re.compile(r"\b(?:hazır\s+bulun|eşlik\s+et|yer\s+al|katıl(?!ım)|bulun|iştirak\s+et)\w*")   # not "katılımıyla"


def heads_into_delegations(text: str, phrases: list[Phrase]) -> list[Phrase]:
    """'Lavrentyev başkanlığındaki Rus heyeti': the head belongs to the delegation phrase after it;
    'X ve Y başkanlığındaki heyetler': both head one each."""
    heads = {id(ph): end for ph, end in headed_by(text, phrases)}
    out: list[Phrase] = []
    for ph in phrases:
        if ph.kind == "delegation" and out and id(out[-1]) in heads and ph.start - heads[id(out[-1])] <= 24:
            group = [out.pop()]
            while out and out[-1].kind == "person" and _LIST_JOIN.match(text[out[-1].end:group[0].start]) \
                    and (ph.extra.get("plural") or heads.get(id(out[-1])) == heads[id(group[0])]):
                group.insert(0, out.pop())
            ph.extra["heads"] = tuple(p for g in group for p in g.persons)
            ph.start = group[0].start
        out.append(ph)
    return out


def delegation_titles(text: str, phrases: list[Phrase]) -> list[Phrase]:
    """'Rus heyetinin başkanı Medinskiy': a person of that country's delegation; the delegation
    words are only his title."""
    out: list[Phrase] = []
    for i, ph in enumerate(phrases):
        nxt = phrases[i + 1] if i + 1 < len(phrases) else None
        if ph.kind == "delegation" and ph.case == "gen" and nxt is not None and nxt.kind == "person" \
                and _DELEGATION_TITLE.match(text[ph.end:nxt.start]):
            nxt.extra["delegation"] = next((n for n in ph.nations if n != "SELF"), None) or "?"
            continue
        out.append(ph)
    return out


def titles_only(phrases: list[Phrase], text: str) -> list[Phrase]:
    """'Rus mevkidaşı Lavrov ile': a counterpart word right before a name is only a title."""
    out = []
    for p in phrases:
        nxt = next((q for q in phrases if q.start >= p.end), None)
        if p.kind == "counterpart" and p.case == "nom" and nxt is not None and nxt.kind == "person" \
                and len(text[p.end:nxt.start].split()) <= 3:
            continue
        out.append(p)
    return out


def is_setting(t: Trigger, text: str) -> bool:
    """'NATO Zirvesi', 'AGİT toplantısı', 'Üçlü Liderler Zirvesi': a named event is where a contact
    happens, not a contact of its own."""
    if t.frame != "noun" or t.start == 0 or t.type != "meeting":
        return False
    return text[t.start].isupper() or bool(_ACRONYM.search(text[max(0, t.start - 20):t.start]))


_BY_PHONE = re.compile(r"\btelefon(?:da|la|\s+ile|\s+aracılığıyla)\b")
_GENITIVE = re.compile(r"n?[ıiuü]n$")    # "Zirvesi'nin hazırlıkları": a noun of the topic, not the talks


def phone_context(triggers: list[Trigger], low: str = "") -> list[Trigger]:
    """'telefon diplomasisi kapsamında … ile ayrı ayrı görüştü': the talks that follow are calls;
    so are talks with "telefonda" earlier in their clause ("X ile telefonda Gazze'yi görüştü")."""
    out: list[Trigger] = []
    for t in triggers:
        if out and out[-1].type == "phone_call" and out[-1].frame == "noun" and t.type == "meeting" and t.frame == "sym" \
                and ("diplomasi" in out[-1].text or "trafiğ" in out[-1].text):
            out[-1] = Trigger(t.start, t.end, "phone_call", t.frame, t.shape, t.status, t.text, t.passive, t.sure)
            continue
        if t.type == "meeting" and t.frame in ("sym", "noun") and "telefon" in low and not _GENITIVE.search(t.text):
            since = max((o.end for o in out if o.frame != "noun"), default=0)   # a noun in the topic ("Zirvesi'nin
            # hazırlıklarını ele aldı") does not end the clause
            if (m := _BY_PHONE.search(low, max(since, t.start - 160), t.start)) and "," not in low[m.end():t.start]:
                t = Trigger(t.start, t.end, "phone_call", t.frame, t.shape, t.status, t.text, t.passive, t.sure)
        out.append(t)
    return out


def noun_head(t: Trigger, after: list[Phrase], text: str) -> Phrase | None:
    """'ortak basın toplantısında konuşan [Çavuşoğlu]': who spoke at it took part."""
    if after and _NOUN_HEAD.match(text[t.end:after[0].start] + " "):
        return after[0]
    return None


def presence_at(low: str, start: int) -> int | None:
    """Where a verb of being present ("yer aldı", "hazır bulundu", "eşlik etti") stands after `start`."""
    m = _PRESENCE.search(low, start)
    return m.start() if m else None


# "Basına kapalı gerçekleşen görüşmede …": a short relative clause before the noun
_PARTICIPLE_LEAD = re.compile(r"(?:[^\s,']+\s+){0,3}[^\s,']+(?:[ae]n|[ıiuü]len|[ıiuü]lan)\s+")
_PAIR_NAMED = re.compile(r"[^\W\d_]+\s*[-–]\s*[^\W\d_]+\s+")     # "erdoğan - miçotakis görüşmesine …"
_ONE_ADJECTIVE = re.compile(r"(?:resmi|dünkü|bugünkü|ikili|kritik|ilk|son|uzun|sıcak|samimi)\s+")


def presence(low: str, triggers: list[Trigger]) -> bool:
    """'Görüşmede Fidan da hazır bulundu', 'Görüşmeye X de katıldı': people join the contact just
    told (the verb of presence before any other trigger: "Görüşmenin ardından iki lider basın
    toplantısı düzenlerken, … paylaşımda bulunarak" is a contact of its own)."""
    t = triggers[0]
    until = triggers[1].end if len(triggers) > 1 else len(low)
    return t.frame == "noun" and (t.start < 3 or _ONE_ADJECTIVE.fullmatch(low[:t.start]) is not None
                                  or _PAIR_NAMED.fullmatch(low[:t.start]) is not None
                                  or _PARTICIPLE_LEAD.fullmatch(low[:t.start]) is not None) \
        and bool(_PRESENCE.search(low, t.end, until))          # "(Resmi) karşılama töreninde …"
