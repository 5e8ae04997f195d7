"""Contacts of one article: the grammar of each sentence (grammar.py) turned into reports
with people on their sides (resolve.py), a place and a date, then merged into one row per
contact (reports.py).

Within a sentence, a trigger takes the phrases before it back to the last trigger that made
a contact (a trigger that made none leaves its phrases to the next: "BRICS Zirvesi'ne
katılacak Erdoğan'ın zirve marjında Putin ile bir araya gelmesi bekleniyor").

Beyond one sentence, Turkish news relies on what the reader already knows:
- a sentence with no subject continues the subject of the one before (pro-drop: "Fidan
  Moskova'ya gitti. Burada Lavrov ile görüştü.");
- "burada", "kentte", "başkentte" are the place just named, and a contact right after a
  trip happens where the trip went;
- a sentence naming a contact but no one ("Görüşme Soçi'de yapıldı", "Görüşme ertelendi")
  tells more of the contact just reported, and people "present" at it join its sides;
- a joint press conference or statement of one named person is with their last partner;
- "iki lider", "liderler", "taraflar" are the people of the contact just reported.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from newsgraph.analysis.contacts.article import Article, DateRows, Sent, Visit, sents_of
from newsgraph.analysis.contacts.delegations import Delegations
from newsgraph.analysis.contacts.grammar import ONE, Proto, Side, participle_head, protos
from newsgraph.analysis.contacts.narrative import TALK_EVENTS, carry_dates
from newsgraph.analysis.contacts.people import People, folded
from newsgraph.analysis.contacts.phrases import (Phrase, anaphor_phrases, chain, counterpart_phrases, delegation_phrases,
                                        drop_possessors, me_phrases, members, self_phrases)
from newsgraph.analysis.contacts.places import DATIVE, LOCATIVE, Places
from newsgraph.analysis.contacts.reports import Report, Sharing, clean_sides, contact_id, kept, merge_reports, refer_back
from newsgraph.analysis.contacts.resolve import Resolver, distribute, one_each, stated_sides
from newsgraph.analysis.contacts.sentence import (delegation_titles, heads_into_delegations, is_setting, noun_head,
                                         phone_context, presence, presence_at, titles_only)
from newsgraph.analysis.contacts.topics import ContactTopics, hits_by_sentence
from newsgraph.analysis.contacts.triggers import ABSORB, Trigger, find_triggers
from newsgraph.analysis.topics import TermHit
from newsgraph.base.mention import Mention
from newsgraph.base.registry import Registry
from newsgraph.base.textnorm import fold, tr_lower, word_search

_JOINT = re.compile(r"\bortak\b")
# A press conference held (passive) right after talks is the talks' people's ("Gerçekleştirdikleri görüşmenin
# ardından düzenlenen basın toplantısında konuşan Erdoğan"; not "… ardından basın toplantısı düzenledi": theirs alone).
_AFTER_THE_TALKS = re.compile(r"(?:görüşme|görüşmeler|toplantı|temaslar)(?:i|in|nin|ının|inin)?\s+(?:ardından|sonrasında|akabinde)"
                              r"\s+(?:düzenlenen|yapılan|gerçekleştirilen)\s+$")
# An article with none of these has no delegation to resolve: its rosters are not worked out.
# (Plain substrings: eight `in` scans of an article take ~3 us, a regex of them ~16 us.)
_DELEGATION_TALK = ("eyet", "EYET", "elegasyon", "ELEGASYON", "aşkanlı", "AŞKANLI", "başında", "temsil")
_DELEGATION_WORD = re.compile(r"eyet|EYET|elegasyon|ELEGASYON")


def _talks_of_delegations(text: str) -> bool:
    return any(word in text for word in _DELEGATION_TALK)


def outside_earlier(found: list[Phrase]) -> list[Phrase]:
    """The phrases (sorted by start, the longer first) that lie inside no earlier one. Every
    earlier one starts no later, so a phrase lies inside one exactly when it ends no later than
    the furthest end so far: one pass, not every earlier phrase for each."""
    out, furthest = [], -1                  # offsets are never negative: the first is kept
    for p in found:
        if p.end > furthest:
            out.append(p)
        furthest = max(furthest, p.end)
    return out


class _Lazy(list):
    """A list worked out on first use (an article's rosters: most articles never need them)."""

    def __init__(self, compute) -> None:
        super().__init__()
        self.compute = compute

    def _ready(self) -> None:
        if self.compute is not None:
            self.extend(self.compute())
            self.compute = None

    def __iter__(self):
        self._ready()
        return super().__iter__()

    def __len__(self) -> int:
        self._ready()
        return super().__len__()

    def __getitem__(self, i):
        self._ready()
        return super().__getitem__(i)


# "Dendias'ı taşıyan (özel) uçak Adana'ya indi": who a plane carries is who travels.
_CARRIED = re.compile(r"(?:\s+(?:ve\s+)?beraberindeki\s+heyeti)?(?:\s+\S+'?[ay]a)?\s+(?:taşıyan|getiren|götüren)\s+(?:\S+\s+){0,2}?"
                      r"(?:uçak|uçağı|helikopter|tren|araç|konvoy)")
_SAME_PLACE = re.compile(r"(?:burada|orada|kentte|başkentte|şehirde)\b")      # at a word start (word_search)
_TRILATERAL = re.compile(r"üçlü\b")                                             # at a word start (word_search)
# "İki lider arasındaki görüşmede …": a contact named in the locative is described, not reported anew
_IN_IT = re.compile(r"(?:görüşme|toplantı|zirve|temas)\w*?(?:de|da|nde|nda)$")
# "en son eylül ayında bir araya gelmişlerdi": an earlier meeting than the one the story is about
# (not the formal "-mıştır" of statements: "görüşme gerçekleştirmiştir" is the story's own)
_EARLIER_VERB = re.compile(r"(?:mış|miş|muş|müş)(?:t[ıiuü](?!r)|lardı|lerdi)|(?:dı|di|du|dü|tı|ti|tu|tü)ydı")
_EARLIER_WORDS = re.compile(r"(?:en\s+son|daha\s+önce(?:yse|si|den|leri)?|önceki\s+görüşme|geçen\s+(?:yıl|sene|ay))\b")
# A sentence whose main verb plans (the last word): "… ana oturumunun yarın yapılması planlanıyor".
_PLAN_ENDS = re.compile(r"(?:planlan|bekleni|öngörül|yapılacak|gerçekleştirilecek|düzenlenecek)\w*[\s.!?\"'”»)]*$")
# A contact a trip is made for: "görüşmek üzere", "görüşmek amacıyla", "görüşmek için".
_PURPOSE = re.compile(r"m[ae]k(?:\s+(?:üzere|amacıyla|için))?$")
_BY_PHONE = re.compile(r"telefon(?:da|la|\s+ile)\b")            # "Görüşme telefonda gerçekleşti"
# Words of talks held together: a list of partners then met as one ("üçlü görüşme", "heyetler", "eş başkanları").
# "… Konferansı'na katılmak üzere dün Astana'ya gitti": the trip the sentence tells is where one went.
_TRIP_AFTER = re.compile(r"^\s+(?:\S+\s+){0,6}?\S+'(?:y?[ae]|n[ae])\s+(?:git|gid|gel|ulaş|hareket)")
_SEVERAL_TALKS = re.compile(r"görüşmeler\s+(?:yap|gerçekleştir|düzenle)")   # "A ve B ile de görüşmeler yapacak": talks, one each
_UNTIL = re.compile(r"['’]?\w*\s+kadar\b")
_TRAVEL_TOGETHER = re.compile(r"birlikte|beraber|eşliğinde|refakatinde|heyet")   # travelling together: one side
_TOGETHER = re.compile(r"üçlü|dörtlü|beşli|çok taraflı|ortak|birlikte|beraber|heyet|eş başkan|liderler(?!\s+zirve)|video|konferans|"
                       r"(?:toplantı|zirve)(?!\w*?(?:de|da)\b|\w*\s+(?:kapsamında|marjında|sırasında|çerçevesinde|öncesinde|sonrasında)"
                       r"|\w*\s+(?:ilk|ikinci|üçüncü|son)\s+gün)")   # not the scene of talks ("zirvenin ilk gününde")
_IN_TURN = re.compile(r"sırasıyla|sırayla|ayrı\s+ayrı|(?:iki|üç|dört|beş)\s+ayrı\s|tek\s+tek|\bhem\s.+?\shem\s"
                      r"|,\s+(?:ardından|daha\s+sonra|sonra\s+da)\s")   # "sırasıyla A, B ve C ile görüştü", "A,
# ardından B ile görüştü", "A ve B ile iki ayrı görüşme", "hem A hem B ile görüşüyor": one by one
_ONE_ON_ONE = re.compile(r"baş\s*başa|birebir|yüz\s+yüze")
_ESCORTED = re.compile(r"'?[ae]\s+(?:tüm\s+|bütün\s+)?(?:görüşmelerinde|temaslarında)\b.*?\beşlik\s+et")
_AGAIN = re.compile(r"\b(?:yeniden|tekrar|bir\s+kez\s+daha|bir\s+daha)\s+(?:\S+\s+)?$")
_WITHIN_THE_EVENT = re.compile(r"\b(?:oturum|zirve|toplantı|konferans|forum|kongre)\w*\s+(?:kapsamında|marjında|çerçevesinde|sırasında)\b")
_IN_THE_EVENT = re.compile(r"\s*(?:oturum|zirve|toplantı|konferans|forum|kongre)\w*(?:da|de|ta|te)\b")
_POSSESSOR = re.compile(r"(?:me|ma|tı|ti)(?:sinin|sının|nin|nın)$|retin(?:in)?$")   # "Görüşmenin", "toplantısının", "ziyaretin…"
# Talks set in a summit: a leader meeting two others there has two bilaterals ("ŞİÖ zirvesi
# sırasında Erdoğan ve Xi ile görüşecek").
_SUMMIT_SCENE = re.compile(r"zirve\w*\s+(?:sırasında|kapsamında|marjında|çerçevesinde|öncesinde|sonrasında|arasında)|zirve(?:de|sinde)\b"
                           r"|(?:toplantı|konferans|forum|genel\s+kurul)\w*\s+(?:marjında|kenarında)"   # side talks of a gathering
                           r"|zirve\w*\s+(?:ilk|ikinci|üçüncü|son)\s+gün")
# A quotation in single marks: one opens after a space before a capital ("vurgulayarak, 'Bir
# taraftan"), closes after punctuation; an apostrophe between letters is a suffix's.
_SINGLE_OPEN = re.compile(r"(?:^|(?<=\s))'(?=[A-ZÇĞİÖŞÜ])")
_SINGLE_CLOSE = re.compile(r"(?<=[.!?,])'(?=\s|$)")
_N_WAY_COUNT = {"üçlü": 3, "dörtlü": 4, "beşli": 5}
# A sentence naming who travels in a delegation: "Heyette …", "Cumhurbaşkanı'nın beraberindeki heyette …",
# "Ziyarette Erdoğan'a …" (with a verb of presence: "yer aldı", "bulundu", "eşlik etti").
_COMPANIONS = re.compile(r"(?:\S+\s+)?(?:beraberindeki\s+|resmi\s+)?(?:heyet(?:te|inde)|ziyaret(?:te|inde)|seyahat(?:te|inde))\b")
_BILATERAL = re.compile(r"\bikili\s+(?:ve\s+(?:üçlü|dörtlü|çok\s+taraflı)\s+)?(?:görüşme|temas|toplantı)")
_N_WAY = re.compile(r"üçlü|dörtlü|beşli")          # how many take part in talks, each one a side
_WAS_THERE = re.compile(r"'?n?[dt][ae](?:y?d[iu](?:m|k|n|niz|nuz|lar|ler)?|yi[mz])")   # "'daydı", "'deydim",
# "'taydık" (folded), and the present of the first person: "bugün Erbil'deyiz"
_EACH_THEIR_OWN = re.compile(r"\bayrı\s+ayrı\b")
_NOW = re.compile(r"\b(?:bugün|şu\s+an(?:da)?|şimdi|bu\s+(?:akşam|sabah|gün))\s+(?:\S+\s+)?$")
_THERE_GATE = re.compile(r"[dt][ae]y(?:d|[ıi][mz])")
_SAYS = re.compile(r"\b(?:açıkla|bildir|belirt|söyle|kaydet|kayda\s+geçir|duyur|ifade\s+et|aktar|dile\s+getir|vurgula|ekle|doğrula|teyit\s+et)\w*[\s.!?\"'”»)]*$")
_ANNOUNCER = re.compile(r"(?:sözcü|danışman|basın\s+(?:müşavir|sekreter|ataşe))\w*(?:\s+\S+)?\s*$")
_REMOTE = re.compile(r"video|telekonferans|çevrim\s*içi|online|uzaktan|mektup|mesaj")   # talks held from afar


class ContactExtractor:
    """Compiled once from the registry; `extract` runs per article."""

    def __init__(self, registry: Registry) -> None:
        self.entities = registry.entities
        self.people = People(registry)
        self.places = Places(registry)
        self.nations, self.delegation_words = self.people.nation_words, registry.lexicon.delegation_words
        self.delegation_nations = self.people.delegation_nations
        self.titles = self.people.titles

    # -- per article ---------------------------------------------------------------------------
    def extract(self, art, sentence_rows: list[dict], mentions: list[Mention], date_rows: list[dict],
                art_topics: list[str] = (), when: str | None = None, hits: list[TermHit] = ()) -> list[dict]:
        """Meeting rows of one article (`when`: its date, for the roles people held; else the one it
        states; `hits`: the topic terms found in its text, for each contact's topics)."""
        sents, date_rows = sents_of(art.text, sentence_rows, mentions), DateRows(date_rows)
        hints = self._hints(sents)
        dels = Delegations(self.delegation_nations, self.delegation_words, self.titles, lambda p: self.people.country_of(p, hints))
        when = when or art.published or _latest_year(date_rows)
        ctx = Article(sents, _Lazy(lambda: dels.rosters(sents, lambda s: self.places.location(s, None))
                                   if _talks_of_delegations(art.text) else []), hints, when)
        resolver = Resolver(self.people, ctx, dels)
        for s in sents:
            self._sentence(s, ctx, resolver, date_rows)
        _escorted(ctx.reports, ctx.escorts)
        merged = merge_reports(ctx.reports, self.entities)
        self._visits_placed_by_talks(merged, hints)
        reports = _where_they_went(self._finer_places(_told_by_talks(kept(merged))), sents)
        carry_dates(reports, date_rows, sents)
        reported = {i for r in reports for i in r.sent_idxs}
        topics_of = ContactTopics(sents, reported, hits_by_sentence(list(hits), sents), art.text, list(art_topics))
        return [self._row(art, r, sents, i, topics_of(r.sent_idxs or [r.sent_idx])) for i, r in enumerate(reports)]

    def _finer_places(self, reports: list[Report]) -> list[Report]:
        """A visit to a country where the article puts its travellers' talks in one city of it
        ("Türkiye'ye gelen Kobakhidze … Beştepe'de karşılandı") went to that city; so did the
        other talks of that trip placed only in the country. (Per place, how many of the reports there
        name each person: a long article's reports are not read again for each report.)"""
        named_at: dict[str, Counter] = {}
        for r in reports:
            if r.location and r.type != "phone_call":
                named_at.setdefault(r.location, Counter()).update(set(r.participants))
        for v in reports:
            if v.type == "phone_call" or self.places.kind_of(v.location) != "country":
                continue
            people = set(v.participants)
            cities = {place for place, named in named_at.items() if place != v.location
                      and v.location in self.places.within(place) and any(named[p] for p in people)}
            if len(cities) == 1:
                city = cities.pop()
                named_at[v.location].subtract(people)
                named_at.setdefault(city, Counter()).update(people)
                v.location = city
        return reports

    def _escorts(self, s: Sent, ctx: Article, low: str, m: re.Match, date_rows: list[dict]) -> None:
        """'Erdoğan'a görüşmelerinde Dışişleri Bakanı X de eşlik etti': X is on Erdoğan's side in
        each of his talks the article tells (before or after this sentence)."""
        phrases = self.phrases(s, _sentence_year(s, date_rows) or ctx.when, ctx.hints)
        anchor = next((p for p in phrases if p.case == "dat" and p.end <= m.start() + 2), None)
        if anchor is None:
            return
        people = [q for p in phrases if p is not anchor and p.start >= m.start() for mm in members(p) for q in mm.persons]
        if anchor.persons and people:
            ctx.escorts.append((anchor.persons[0], people))

    def _visits_placed_by_talks(self, reports: list[Report], hints: dict) -> None:
        """A visit told without a place ("Becirovic'in ziyareti için teşekkür etti") went where the
        article puts its travellers' talks, when that is one place away from their own country."""
        sharing = Sharing(reports)
        for v in reports:
            if v.type != "visit" or v.location:
                continue
            travellers = set(v.participants)
            homes = {self.people.country_of(p, hints) for p in travellers}
            places = {r.location for r in sharing(v) if r is not v and r.location and r.type not in ("visit", "phone_call")
                      and r.status == v.status and travellers & set(r.participants)
                      and self.places.country_of(r.location) not in homes}
            if len(places) == 1:
                v.location = places.pop()

    def _hints(self, sents: list[Sent]) -> dict[str, tuple[str | None, str | None]]:
        """Country and office the article's titles give each person (first title wins)."""
        hints: dict[str, tuple[str | None, str | None]] = {}
        for s in sents:
            for m in s.mentions:
                if m.label == "PER" and m.entity_id and m.entity_id not in hints:
                    hint = self.people.title_hint(s.text, m.start - s.start)
                    if hint != (None, None):
                        hints[m.entity_id] = hint
        return hints

    def phrases(self, s: Sent, when: str | None, hints: dict) -> list[Phrase]:
        """Participant phrases of a sentence, possessors dropped, coordination merged."""
        found = s.people() + delegation_phrases(s.text, self.delegation_nations, self.delegation_words)
        found += counterpart_phrases(s.text, self.nations) + anaphor_phrases(s.text) + self_phrases(s.text) + me_phrases(s.text)
        person_starts = [m.start - s.start for m in s.mentions if m.label == "PER"]
        found += self.people.role_phrases(s.text, person_starts, when, hints)
        found += self.people.plural_role_phrases(s.text, when, hints, set(person_starts))
        found += self.people.our_minister_phrases(s.text, when, hints)
        found += self.people.leader_phrases(s.text, person_starts, when, hints)
        found += self.people.minister_phrases(s.text, person_starts, hints)
        found.sort(key=lambda p: (p.start, -p.end))
        found = outside_earlier(found)
        found = titles_only(delegation_titles(s.text, heads_into_delegations(s.text, found)), s.text)
        found = [replace(p, case="nom") if p.case == "acc" and _CARRIED.match(s.text, p.end) else p for p in found]
        return chain(drop_possessors(found, s.text, self.titles, self.people.nations), s.text, self.titles)

    # -- per sentence --------------------------------------------------------------------------
    def _sentence(self, s: Sent, ctx: Article, resolver: Resolver, date_rows: list[dict]) -> None:
        speaker = _quoted_by(s, ctx)
        low = tr_lower(s.text)
        triggers = [t for t in phone_context(find_triggers(low), low)
                    if (not is_setting(t, s.text) or _attends(t) and self.places.event_place(s, t))
                    and (t.frame != "move" or self.places.visit_target(s, t))]
        if _THERE_GATE.search(low):
            self._was_there(s, ctx, speaker, date_rows)
        if "eşlik" in low and (m := _ESCORTED.search(low)) is not None:   # "Erdoğan'a görüşmelerinde X de eşlik etti"
            self._escorts(s, ctx, low, m, date_rows)
            triggers = [t for t in triggers if not (m.start() <= t.start < m.end())]
        if not triggers and _COMPANIONS.match(low) and presence_at(low, 0) is not None and \
                (trip := _trip_told(ctx, s.idx)) is not None:     # "Heyette X ve Y yer aldı": who travels with them
            phrases = self.phrases(s, _sentence_year(s, date_rows) or ctx.when, ctx.hints)
            resolver.join(trip, [p for ph in phrases for m in members(ph) for p in m.persons])
            trip.sent_idxs.append(s.idx)
        if not triggers:                        # most sentences: what later ones may need of it, and no more
            self._setting_place(s, ctx, date_rows)
            self._remember(s, ctx, None)
            return
        named = triggers and (any(m.label == "PER" for m in s.mentions) or self.people.people_gate.search(folded(s.text)))
        phrases = self.phrases(s, _sentence_year(s, date_rows) or ctx.when, ctx.hints) if named else []
        self._announcers(phrases, s, low)
        main = next((p for p in phrases if p.case == "nom" and p.mark is None and not p.speaker), None)
        ctx.speaker_ids = speaker or [q for p in phrases if p.speaker for m in members(p) for q in m.persons]
        if speaker and main is None and any(_FIRST_PERSON.search(t.text) or _MY_TALKS.search(t.text) for t in triggers):
            ctx.subject = (s.idx, s.paragraph, speaker)   # '… Aliyev ile görüştüm" dedi.': the quotation's speaker
        ctx.main_ids = [p for m in members(main) for p in m.persons] if main is not None else []
        if triggers and presence(low, triggers) and (last := _joined_contact(ctx, s.idx, triggers[0])) is not None:
            resolver.join(last, [p for ph in phrases for m in members(ph) for p in m.persons])
            last.sent_idxs.append(s.idx)
            triggers = []
        made_here = len(ctx.reports)
        used: set[int] = set()
        floor, subject, pending, joiners = 0, None, [], []
        purpose_of = None                     # the trigger of a purpose clause just made ("X ile görüşmek üzere … ziyaret")
        quotes = quote_spans(s.text) if triggers else []
        for t in triggers:
            window = [p for p in phrases if floor <= p.start < t.start and id(p) not in used]
            after = [p for p in phrases if p.start >= t.end and id(p) not in used]
            said = next(((a, b) for a, b in quotes if a <= t.start < b), None)
            if said is not None:              # a verb in a quotation governs only the quoted words
                window = [p for p in window if said[0] <= p.start]
                after = [p for p in after if p.start < said[1]]
            later = [u.start for u in triggers if u.start > t.start and u.frame == "noun"]
            joined = [p for p in after if p.mark in ("member", "mediator") and not any(p.end <= b for b in later)]
            if t.frame == "noun" and any(p.mark == "member" for p in joined):   # "zirvesi … X'in ev sahipliğinde
                window = window + joined               # Y'nin katılımıyla yapılacak" (not a noun after them: theirs)
            head = participle_head(t, after, s.text)
            if head is None and (extra := noun_head(t, after, s.text)) is not None:
                window.append(replace(extra, speaker=False))   # who spoke at it took part, whatever they said
            made = 0
            who = main or next((p for p in phrases if p.speaker and p.case == "nom" and said and p.end <= said[0]), None)
            speaker = who if said and who is not None and not said[0] <= who.start < said[1] \
                and (_FIRST_PERSON.search(t.text) or _MY_TALKS.search(t.text)) else None   # "… ile görüştük" dedi
            # Erdoğan, "… ile görüşmem oldu": he was there
            if said and subject is not None and said[0] <= subject.start < said[1]:
                speaker = speaker or subject              # the quotation's own subject carries on
            if t.frame == "noun" and _THIS_ONE.search(low, max(0, t.start - 24), t.start) \
                    and (last := ctx.recent(s.idx, reach=3)) is not None:     # "böyle bir görüşme": the one just told
                self._refer_back(Proto(t, [], refers_back=True), s, ctx, date_rows, low, floor, reach=3)
                continue
            for proto in protos(t, window, head, speaker if said else main or subject, s.text):
                if proto.refers_back and subject is not None and (invited := self._invited(proto, phrases, subject)):
                    proto = invited
                if proto.refers_back and purpose_of is not None and t.type == "visit" and subject is not None:
                    proto = Proto(t, [Side([subject], ONE)])   # "Putin'in Erdoğan ile görüşmek üzere Türkiye'ye yapacağı ziyaret"
                if proto.refers_back:
                    pending.append((proto, len(ctx.reports)))
                    continue
                made += self._report(proto, s, ctx, resolver, date_rows, low, floor, _describes(proto))
                if made and proto.sides and proto.sides[0].phrases:
                    subject = subject or proto.sides[0].phrases[0]
                    if not _being_there(t):      # not the subject after a purpose ("… görüşmek için Türkiye'ye
                        # gelen X": X is also the head of the verb of going)
                        used.update(id(p) for side in proto.sides for p in side.phrases
                                    if p is not head and not (p.start >= t.end and _PURPOSE.search(t.text)))
            if made and _being_there(t):      # "bulundukları Roma'da görüştü": where they are, not what they did
                continue
            if made:                          # a participle's head stays for the verb after it
                floor = t.end
                purpose_of = t if _PURPOSE.search(t.text) else None   # its subject travels in what follows
                used.update(id(p) for p in window)
            elif t.frame == "join" and t.shape == "obj_participle":
                joiners += [p for p in window if p.case == "gen" and p.mark is None]   # "X'in de katıldığı görüşmede"
        if triggers and len(ctx.reports) - made_here == 1 and triggers[-1].frame == "noun" \
                and _IN_IT.search(triggers[-1].text) and (there := presence_at(low, triggers[-1].end)) is not None:
            present = [q for ph in phrases if triggers[-1].end <= ph.start < there and ph.case == "nom"
                       and ph.mark is None and not ph.speaker for m in members(ph) for q in m.persons]
            if present:                          # "Erdoğan'ın Kral Selman'la görüşmesinde Veliaht Prens de yer aldı"
                resolver.join(ctx.reports[-1], present)
        for proto, before in pending:             # a setting for a contact told later in the sentence, else more of the last
            if len(ctx.reports) == before:
                self._refer_back(proto, s, ctx, date_rows, low, floor)
        if joiners:
            self._joiners(joiners, ctx.reports[made_here:], s, resolver)
        if len(ctx.reports) > made_here:
            self._hosts(phrases, ctx.reports[made_here:], low, s, ctx)
        self._places_of_the_sentence(ctx.reports[made_here:], self._setting_place(s, ctx, date_rows))
        self._remember(s, ctx, main)
        if main is None and len(ctx.reports) > made_here and ctx.reports[made_here].sides:
            ctx.subject = (s.idx, s.paragraph, list(ctx.reports[made_here].sides[0]))   # "Peskov, Putin'in … görüşeceğini
            # açıkladı. Peskov, … Şi ile de bir araya geleceğini kaydetti": the story is Putin's

    def _was_there(self, s: Sent, ctx: Article, speaker: list[str] | None, date_rows: list[dict]) -> None:
        """'Aynı gün Dendias Libya'daydı', '"Dün Moskova'daydım" dedi': a place with the past copula
        after its locative is a stay there (a trip) of the sentence's subject, or of the
        quotation's speaker for a first person."""
        for m in s.mentions:
            suffix = fold(m.suffix)
            if m.label != "LOC" or not _WAS_THERE.fullmatch(suffix) or (place := self.places.place_id(m)) is None:
                continue
            rel = m.start - s.start
            if suffix.endswith(("yim", "yiz")) and not _NOW.search(tr_lower(s.text[max(0, rel - 30):rel])):
                continue                        # "Libya'dayız" (our country is there), not "bugün Erbil'deyiz"
            if suffix.endswith(("m", "k", "iz")):   # the speaker: of a quotation going on, else of the one opened before it
                quote = next((i for i in _quote_opens(s.text) if i < rel), None)
                people = list(speaker or (_speaker_before(s, quote) if quote is not None else []))
            else:                               # the person named before the place, in the nominative
                people = [p.entity_id for p in s.mentions if p.label == "PER" and p.entity_id and p.start - s.start < rel
                          and not p.suffix][-1:]
            travellers = [p for p in people if self.people.country_of(p, ctx.hints) != self.places.country_of(place)]
            if not travellers:
                continue
            trig = Trigger(rel, m.end + len(m.suffix) - s.start, "visit", "move", "finite", "held",
                           s.text[rel:m.end + len(m.suffix) - s.start])
            ctx.reports.append(Report([travellers], "visit", "held", s.idx, trig.text, place, _date_ref(s, trig, date_rows),
                                      [s.idx], False, s.paragraph, None, self.places.within(place)))
            ctx.visits.append(Visit(s.idx, s.paragraph, set(travellers), place, "held"))

    def _announced(self, s: Sent, low: str) -> bool:
        """Whether a spokesperson tells this sentence's contact (see _announcers): the story goes on
        across paragraphs, as agency copy writes one sentence to a paragraph."""
        return bool(_SAYS.search(low)) and any(m.label == "PER" and self._is_announcer(m.entity_id, low, m.start - s.start)
                                               for m in s.mentions)

    def _is_announcer(self, person: str | None, low: str, at: int) -> bool:
        return bool(_ANNOUNCER.search(low, max(0, at - 40), at) or _ANNOUNCER.search(
            tr_lower(getattr(self.entities.get(person or ""), "title", None) or "")))

    def _announcers(self, phrases: list[Phrase], s: Sent, low: str) -> None:
        """'Kremlin Danışmanı Uşakov, … Erdoğan ile bir araya geleceğini açıkladı': a spokesperson or
        adviser who tells of a contact in a clause with no subject of its own speaks for the one
        the story is about; they are the speaker, not a side (that one comes from the story)."""
        for p in phrases:                      # "Zaharova: Lavrov, Fidan'la … istişare edecek": who says it
            if p.kind == "person" and s.text[p.end:p.end + 1] == ":" and not s.text[:p.start].strip(" \"'“"):
                p.speaker = True
        if not _SAYS.search(low):
            return
        for p in phrases:
            if p.kind == "person" and p.case == "nom" and p.mark is None and len(p.persons) == 1 \
                    and self._is_announcer(p.persons[0], low, p.start):
                p.speaker = True

    def _among_hosts(self, groups: list[list[list[str]]], location: str | None, ctx: Article, resolver: Resolver) -> bool:
        """Whether the one who meets several officials of a state is their guest (talks in their
        country, or a trip there told): then one talk each; officials who travel to meet someone
        come as one delegation."""
        one = groups[0][0] if len(groups[0][0]) == 1 and all(g[0] == groups[0][0] for g in groups) else groups[0][1]
        their = {resolver.country(g[1][0] if g[0] == one else g[0][0]) for g in groups} - {None}
        where = self.places.country_of(location) if location is not None else next(
            (self.places.country_of(v.place) for v in reversed(ctx.visits) if set(one) & v.people), None)
        if where is None:
            return False
        return where in their if their else where != resolver.country(one[0])   # unknown officials: where the guest went

    @staticmethod
    def _invited(proto: Proto, phrases: list[Phrase], subject: Phrase) -> Proto | None:
        """'Zelenski, Erdoğan'ın davetine icabetle İstanbul'a gelerek bir görüşme gerçekleştirdi':
        talks with no partner named, after a trip at someone's invitation, are with the inviter."""
        t = proto.trigger
        hosts = [p for p in phrases if p.mark == "host" and p.kind in ("person", "group")]
        if t.type != "meeting" or t.frame not in ("sym", "noun") or len(hosts) != 1 or hosts[0] is subject:
            return None
        return Proto(t, [Side([subject]), Side([hosts[0]])])

    def _remember(self, s: Sent, ctx: Article, main: Phrase | None) -> None:
        ids = [p for m in members(main) for p in m.persons] if main is not None and main.kind in ("person", "group") else []
        if ids:
            ctx.subject = (s.idx, s.paragraph, ids)
        ctx.place_of[s.idx] = lambda s=s: self.places.location(s, None)

    @staticmethod
    def _places_of_the_sentence(reports: list[Report], setting: tuple[str, int | None] | None) -> None:
        """'Putin ile görüşmek üzere Soçi'ye gidecek': the talks are where the trip goes; 'Roma'daki
        G20 Zirvesi'ne katılan Erdoğan, zirve marjında Biden ile görüştü': where (and when) the summit is."""
        trips = [r for r in reports if r.type == "visit" and r.location]
        for r in reports:
            trip = next((v for v in trips if set(v.participants) & set(r.participants)), None) \
                if _PURPOSE.search(r.trigger) and r.type != "phone_call" else None
            if trip is not None:              # "Erdoğan ile görüşmek amacıyla Ankara'ya ulaştı": there
                r.location = trip.location
            if r.location is None and r.type != "phone_call":
                trip = next((v for v in trips if set(v.participants) & set(r.participants)), None)
                same_verb = {o.location for o in reports if o.location and o.trigger == r.trigger and o.type == r.type}
                r.location = trip.location if trip else setting[0] if setting else (
                    same_verb.pop() if len(same_verb) == 1 else None)   # "Türk heyet X'le, Rus heyet ise Y'yle …"
            if r.date_ref is None and setting:
                r.date_ref = setting[1]

    def _setting_place(self, s: Sent, ctx: Article, date_rows: DateRows) -> tuple[str, int | None] | None:
        """The place (and date) of a named event the sentence sets its contacts in ("Kazan'da düzenlenen
        BRICS Zirvesi"), or of the one the sentence before named ("Oturumda …")."""
        place = self.places.setting_place(s)
        if place:
            when = next((d["start"] for d in date_rows.of(s.idx) if d["kind"] != "time"), None)
            ctx.setting = (s.idx, place, when)
            return place, when
        if ctx.setting and s.idx - ctx.setting[0] == 1 and (_IN_THE_EVENT.match(low := tr_lower(s.text))
                                                            or _WITHIN_THE_EVENT.search(low)):
            return ctx.setting[1], ctx.setting[2]   # "Oturumda …", "… toplantı kapsamında ikili görüşmeler yaptı"
        if ctx.setting and _WITHIN_THE_EVENT.match(tr_lower(s.text)):
            return ctx.setting[1], ctx.setting[2]   # "Zirve kapsamında …" opening a sentence: the summit named before
        return None

    def _joiners(self, joiners: list[Phrase], reports: list[Report], s: Sent, resolver: Resolver) -> None:
        """'Çavuşoğlu'nun da katıldığı üçlü toplantıda Lavrov ile Kuleba görüştü': a side of its own."""
        people = [p for ph in joiners for m in members(ph) for p in m.persons]
        for r in reports:
            if len(r.sides) >= 2 and r.type != "visit":
                r.sides = clean_sides(r.sides + [[p] for p in people])

    @staticmethod
    def _hosts(phrases: list[Phrase], reports: list[Report], low: str, s: Sent, ctx: Article) -> None:
        """'Putin'in ev sahipliğinde … üçlü görüşmeye Aliyev ve Paşinyan katıldı': a host of a
        trilateral meeting with two sides named is its third side, also when the next sentence
        calls the talks trilateral ("Üçlü görüşmenin ardından …")."""
        after = ctx.sents[s.idx + 1].text[:40] if s.idx + 1 < len(ctx.sents) else ""
        if not word_search(_TRILATERAL, low) and not word_search(_TRILATERAL, tr_lower(after)):
            return
        hosts = [p for ph in phrases if ph.mark in ("mediator", "host") for m in members(ph) for p in m.persons]
        for r in reports:
            if len(r.sides) == 2 and hosts:
                r.sides = clean_sides(r.sides + [[p] for p in hosts])

    # -- one contact -----------------------------------------------------------------------------
    def _refer_back(self, proto: Proto, s: Sent, ctx: Article, date_rows: list[dict], low: str, lo: int,
                    reach: int = 2) -> None:
        """A contact named but no one: delegations the sentence states, else more of the last contact."""
        t = proto.trigger
        location = self._location(t, s, ctx, low, lo)
        near = s.text + (ctx.sents[s.idx + 1].text if s.idx + 1 < len(ctx.sents) else "")
        sides = stated_sides(ctx.rosters, s.idx) if _talks_of_delegations(near) else []
        if len(sides) >= 2:                   # "görüşmelerde Türk heyetine X, Rus heyetine Y başkanlık etti"
            kind = "delegation_talks" if _DELEGATION_WORD.search(near) else t.type   # "Türkiye'yi X, Rusya'yı Y temsil etti"
            ctx.reports.append(Report(sides, kind, t.status, s.idx, s.text[t.start:t.end],
                                      location, _date_ref(s, t, date_rows), [s.idx], False, s.paragraph))
        elif (last := ctx.recent(s.idx, reach)) is not None and last.status == "held" and t.status == "planned" \
                and _PLAN_ENDS.search(low) and not _POSSESSOR.search(t.text):   # "ana oturumunun yarın yapılması
            # planlanıyor": a session to come; not "Görüşmenin … etkileri öngörülüyor" (the one told, and what it brings)
            ref = _date_ref(s, t, date_rows, last.type)
            ctx.reports.append(Report([list(sd) for sd in last.sides], last.type, "planned", s.idx, s.text[t.start:t.end],
                                      location or last.location, ref, [s.idx], False, s.paragraph,
                                      "planned-" + (_date_key(ref, date_rows) or "")))
        elif _session(t, low) == "delegations" and (last := ctx.recent(s.idx, reach + 2)) is not None \
                and last.session != "delegations" and last.type not in ("delegation_talks", "phone_call") \
                and len(last.sides) >= 2:
            ctx.reports.append(_entry_of(last, "delegation_talks", t, s, location, _date_ref(s, t, date_rows, last.type),
                                         "delegations"))   # "Törenin ardından heyetler arası görüşmelere geçildi"
        elif t.type in ("press_conference", "statement") and t.shape in ("finite", "noun") \
                and (last := ctx.recent(s.idx, reach)) is not None and last.type not in (t.type, "phone_call") \
                and len(last.sides) >= 2 and _date_key(_date_ref(s, t, date_rows), date_rows) in (None, last.date_key):
            ctx.reports.append(_entry_of(last, t.type, t, s, location,     # "Görüşmenin ardından ortak basın
                                         _date_ref(s, t, date_rows, last.type)))   # toplantısı düzenlendi"
        elif (last := ctx.recent(s.idx, reach)) is not None:
            refer_back(last, s.idx, t.status if t.sure else last.status, location, _date_ref(s, t, date_rows, last.type),
                       self.entities, by_phone=bool(_BY_PHONE.search(low)))

    def _report(self, proto: Proto, s: Sent, ctx: Article, resolver: Resolver, date_rows: list[dict], low: str,
                lo: int, describes: bool = False) -> int:
        """Reports of one proto contact (several for calls 'ayrı ayrı'); how many were made."""
        t = proto.trigger
        sides, delegated, roster_place, n_first = resolver.sides(proto, s)
        if proto.needs_subject and len(sides) < 2 and ctx.subject and s.idx - ctx.subject[0] <= 1 \
                and (ctx.subject[1] == s.paragraph or self._announced(s, low)):
            sides, n_first = clean_sides([list(ctx.subject[2])] + sides), 1
        elif proto.needs_subject and len(proto.sides) == 2 and not proto.sides[0].phrases and len(sides) >= 2 \
                and all(ph.kind == "delegation" for ph in proto.sides[1].phrases):
            return 0                          # "İsveç ve Finlandiya heyetleri ile gerçekleşen görüşmeler": the
            # other side of someone unnamed, not two sides meeting each other
        kind = "delegation_talks" if delegated and t.type == "meeting" else t.type
        if kind == "press_conference" and "ortak" not in t.text and _EACH_THEIR_OWN.search(low, max(0, t.start - 30), t.start):
            return 0                          # "Lavrov ve Kuleba ayrı ayrı basın toplantısı düzenledi": no joint one
        if len(sides) < 2 and sides and (_JOINT.search(t.text) or t.type == "press_conference"
                                         and _AFTER_THE_TALKS.search(low[max(0, t.start - 80):t.start])):
            sides = resolver.with_partner(sides)   # "Görüşmenin ardından düzenlenen basın toplantısında konuşan X"
        if kind == "delegation_talks":
            sides = resolver.with_delegations(sides, s.idx)
        if t.frame == "join" and sides and _ALSO_JOINED.search(low, max(0, t.start - 5), t.start):
            sides = _with_earlier_attendees(sides, s, ctx, t.status, resolver.country)
        if is_setting(t, s.text) and len(sides) != 1:
            return 0                          # "A ve B, Prag'daki Zirve'ye katıldı": there together, no talks told
        if len(sides) == 1 and (t.frame == "join" or "katıl" in t.text) and not _TRIP_AFTER.search(low, t.end) \
                and (place := self.places.event_place(s, t)):
            return self._trip_to(place, sides[0], t, s, ctx, resolver, date_rows)   # "Lavrov, Antalya Diplomasi
            # Forumu'na katılacak": a trip there
        if len(sides) == 1 and t.text.startswith("temas") and (place := self.places.location(s, t, lo)):
            kind = "visit"                    # "Eş başkanlar Ermenistan'da temaslarda bulunmuştu": they were there
        if len(sides) == 1 and kind == "meeting" and t.frame in ("sym", "noun") and t.shape != "noun" \
                and not _TRIP_AFTER.search(low, t.end) and (place := self.places.setting_place(s)):
            return self._trip_to(place, sides[0], t, s, ctx, resolver, date_rows)   # "Vilnius'ta düzenlenen NATO
            # Zirvesi'nde ikili görüşmeler gerçekleştiriyor": a trip there
        if not sides or (len(sides) < 2 and kind != "visit"):
            return 0
        people = {p for sd in sides for p in sd}
        if kind != "visit" and len(proto.sides) == 1 and any(people <= v.people for v in ctx.visits):
            return 0                          # "Akar ve Fidan Moskova'ya geldi. … Akar ve Fidan toplantıda …": one side
        location = None if kind == "phone_call" else (self._location(t, s, ctx, low, lo) or roster_place
                                                      or ctx.travelled_to(s, people, t.status) or ctx.met_at(s, people))
        places = self.places.visit_places(s, t) if kind == "visit" and t.frame == "obj" else \
            self.places.destinations(s, t) if kind == "visit" and t.frame == "move" else \
            self.places.coordinated_places(s) if kind != "phone_call" else []   # "Moskova ve Viyana'da görüşmüştü": two
        n_way = _N_WAY.search(low, max(0, t.start - 12), t.end) if kind == "meeting" else None
        if n_way and len(sides) < _N_WAY_COUNT[n_way.group(0)] == sum(len(sd) for sd in sides):
            sides = [[p] for sd in sides for p in sd]   # "Tatar ve Anastasiadis ile üçlü bir görüşme": three sides
        made = 0
        span = min((p.start for p in proto.used()), default=t.start)     # the contact's own words, not the sentence's
        groups = one_each(sides, n_first, resolver.country, self.people.states, t.passive and t.frame == "obj") \
            if kind == "meeting" and not delegated and not _together(low, span, t.end + 12) else None
        if groups and not self._among_hosts(groups, location, ctx, resolver) \
                and not _BILATERAL.search(low, max(0, t.start - 12), t.end):   # "A, B ve C ile ikili görüşmeler": each
            groups = None                     # officials who came together are one delegation: one talk
        in_turn = _IN_TURN.search(low, span, t.end) if len(sides) >= 3 else None
        if in_turn and (n_first == len(sides) or in_turn.group(0).startswith(",")):
            n_first = 1                       # "Erdoğan sırasıyla A, B, C görüştü" (no "ile" written), "Erdoğan A,
            # ardından B ile görüştü": the first meets each
        if groups is None and kind == "meeting" and t.frame in ("sym", "noun") and n_first == 1 and not _together(low, span, t.end + 12) \
                and ((len(sides) >= 4 or len(sides) == 3 and (self._at_a_summit(s, ctx, low) or _SEVERAL_TALKS.match(t.text)))
                     and t.text.startswith(("görüş", "bir araya")) or in_turn):
            groups = [[sides[0], other] for other in sides[1:]]   # "Putin, Erdoğan, Şi, Modi ve Pezeşkiyan ile görüşecek": each
        if groups is None and kind == "meeting" and t.frame == "obj" and t.text.startswith("kabul") and not t.passive \
                and len(sides) == 2 and len(sides[0]) == 1 and len(sides[1]) > 1 and self._at_a_summit(s, ctx, low) \
                and len({resolver.country(p) for p in sides[1]}) == len(sides[1]):
            groups = [[sides[0], [p]] for p in sides[1]]   # "zirvenin ilk gününde … Scholz ile Banga'yı kabul etti": each
        if kind == "meeting" and len(sides) >= 3 and _BILATERAL.search(low, max(0, t.start - 20), t.end):
            groups = [[sides[0], other] for other in sides[1:]] + ([sides] if n_way else [])
            # "A, B ve C ikili (ve üçlü) görüşmeler yaptı": the first named with each (and all three together)
        if kind == "visit" and len(sides) == 1 and groups is None and not _TRAVEL_TOGETHER.search(low):
            hosts = _hosts_in(s, low)            # "Caparov'un ev sahipliğinde … liderler … geldi": not a guest
            groups = _trips_by_country([p for p in sides[0] if p not in hosts] or sides[0], resolver.country)
        sessions = [(kind, _session(t, low))]
        if kind == "delegation_talks" and "heyetler" in t.text and _ONE_ON_ONE.search(low, max(0, t.start - 30), t.start):
            sessions.insert(0, ("meeting", "one_on_one"))   # "baş başa ve heyetler arası görüşmeler": two sessions
        for (kind, session), group in [(k, g) for k in sessions for g in groups or distribute(sides, k[0], low, n_first)]:
            if len(sessions) == 2 and session == "one_on_one":
                group = [[sd[0]] for sd in group]   # baş başa: the heads of the sides only
            for place in places if len(places) > 1 else [location]:
                ref = _date_ref(s, t, date_rows)
                if ref is None and (t.text.startswith("karşıla") or t.status == "planned") and kind != "visit":
                    ref = next((r.date_ref for r in reversed(ctx.reports) if r.type == "visit" and r.status == t.status
                                and 0 <= s.idx - r.sent_idx <= 2 and set(r.participants) & people), None)
                    # welcomed on arrival: that day; talks to come on a trip to come: the trip's day
                if kind == "visit" and place:      # no one visits their own country: there they are the host
                    travellers = [p for p in group[0] if resolver.country(p) != self.places.country_of(place)]
                    if not travellers:
                        continue
                    group = [travellers] + group[1:]
                key = _report_key(_date_key(ref, date_rows), _earlier(t, low))
                if t.status == "planned" and _AGAIN.search(low, max(0, t.start - 24), t.start):
                    key = f"planned-again-{key or ''}"   # "yeniden bir araya gelmeyi taahhüt etti": another meeting
                if len(places) > 1 and kind != "visit":
                    key = f"{key or ''}@{place}"       # talks told in two places are two contacts
                report = Report(group, kind, t.status, s.idx, s.text[t.start:t.end], place, ref,
                                [s.idx], bool(ABSORB.match(t.text)) or describes, s.paragraph,
                                key, self.places.within(place), session, t.sure or t.frame != "noun")
                ctx.reports.append(report)
                made += 1
                if kind == "visit" and place:
                    ctx.visits.append(Visit(s.idx, s.paragraph, set(report.participants), place, t.status))
        return made

    def _trip_to(self, place: str, people: list[str], t: Trigger, s: Sent, ctx: Article, resolver: Resolver,
                 date_rows: list[dict]) -> int:
        """A trip to `place` by those of `people` who are not at home there; how many reports made."""
        travellers = [p for p in people if resolver.country(p) != self.places.country_of(place)]
        if not travellers:
            return 0
        ctx.reports.append(Report([travellers], "visit", t.status, s.idx, s.text[t.start:t.end], place,
                                  _date_ref(s, t, date_rows), [s.idx], False, s.paragraph, None, self.places.within(place)))
        ctx.visits.append(Visit(s.idx, s.paragraph, set(travellers), place, t.status))
        return 1

    @staticmethod
    def _at_a_summit(s: Sent, ctx: Article, low: str) -> bool:
        """Whether the sentence, or the one before it, sets its talks at a summit
        ("Zirve kapsamında ikili görüşmelerde de bulunan Erdoğan … Erdoğan'ın ayrıca A ve B ile
        görüşmesi planlanıyor": at a summit a leader meets the others one by one)."""
        if any("üçlü" in tr_lower(x.text) for x in ctx.sents[max(0, s.idx - 3):s.idx + 1]):
            return False                      # "Üçlü Liderler Zirvesi … zirve kapsamında A ve B ile görüşecek": the three
        if _SUMMIT_SCENE.search(low):
            return True
        before = ctx.sents[s.idx - 1] if s.idx else None
        return before is not None and bool(_SUMMIT_SCENE.search(tr_lower(before.text)))

    def _location(self, t: Trigger, s: Sent, ctx: Article, low: str, lo: int = 0) -> str | None:
        place = self.places.visit_place(s, t) if t.type == "visit" else None
        place = place or self.places.location(s, t, lo)
        if place is None and (here := word_search(_SAME_PLACE, low)):
            place = self.places.named_before(s, here.start(), DATIVE + LOCATIVE) or ctx.last_place(s.idx)
            # where someone went or is: "Doha'ya geçti ve burada …", "Doha'da bulunan … burada" (not a topic)
        return place

    def _row(self, art, r: Report, sents: list[Sent], n: int, topics: tuple[list[str], list[dict]]) -> dict:
        """A meetings-table row; `topics`: the report's topics and why (contacts/topics.py)."""
        s = sents[r.sent_idx]
        return {"meeting_id": f"{art.article_id}:m{n}", "article_id": art.article_id, "sent_idx": r.sent_idx,
                "sent_idxs": sorted(set(r.sent_idxs)), "participants": r.participants,
                "sides": [list(side) for side in r.sides], "contact": contact_id(r.participants), "type": r.type,
                "status": r.status, "location": r.location, "date_ref": r.date_ref, "topics": topics[0],
                "topic_terms": topics[1],
                "trigger": r.trigger, "evidence": s.text}


_THIS_ONE = re.compile(r"\b(?:böyle|bu|söz\s*konusu|sözü\s+edilen|adı\s+geçen)\s+(?:bir\s+)?$")
_FIRST_PERSON = re.compile(r"(?:[dt][ıiuü][km]|(?:yor|[ae]c[ae]k|[ae]r|[ıiuü]r)[ıiuü][zm]|[ae]c[ae]ğ[ıi][zm]|m[ıiuü]ş[ıiuü][zm])$")
_MY_TALKS = re.compile(r"m[ae](?:ler)?(?:[ıi]?m|[ıi]?m[ıi]z)\s+(?:ol|gerçekleş)")   # "görüşmem oldu": the speaker's
_QUOTE = re.compile(r"(?:^|(?<=[\s(:,]))[“\"«]([^“”\"«»]{3,}?)(?:[”\"»]|$)")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Where a sentence quotes someone: 'Uşakov, “Putin ve Erdoğan her ay bir araya geliyor” dedi'.
    An opening mark stands after a space (a mark between letters is a damaged apostrophe:
    'Sudan"da'); a quotation left open runs to the sentence end."""
    if '"' not in text and "“" not in text and "«" not in text:
        return []
    return [m.span(1) for m in _QUOTE.finditer(text)]


def _entry_of(last: Report, kind: str, t: Trigger, s: Sent, location: str | None, ref: int | None,
              session: str | None = None) -> Report:
    """A contact of its own for the people of the one just told (a session of its talks, their
    joint press conference): its place and date unless the sentence gives others."""
    return Report([list(sd) for sd in last.sides], kind, t.status if t.sure else last.status, s.idx,
                  s.text[t.start:t.end], location or last.location, ref if ref is not None else last.date_ref,
                  [s.idx], False, s.paragraph, last.date_key, last.places_within, session)


def _quote_opens(text: str) -> list[int]:
    """Where quotation marks stand that may open a quotation, in text order."""
    found = [i for i in (text.find('"'), text.find("“"), text.find("«")) if i >= 0]
    if "'" in text:
        found += [m.start() for m in _SINGLE_OPEN.finditer(text)]
    return sorted(found)


def _speaker_before(s: Sent, pos: int) -> list[str]:
    """Who speaks a quotation opening at `pos`: the first person named in the nominative before
    it ("X, … Y ile … vurgulayarak, '…": X), else the last one named before it."""
    named = [m for m in s.mentions if m.label == "PER" and m.entity_id and m.start - s.start < pos]
    return [m.entity_id for m in named if not m.suffix][:1] or [m.entity_id for m in named][-1:]


def _quoted_by(s: Sent, ctx: Article) -> list[str] | None:
    """Who speaks in a quotation that began in an earlier sentence and goes on in this one
    ('Putin, "Tabii ki … var. Geçtiğimiz günlerde Aliyev ile görüştüm" dedi.'); the quotation
    state after the sentence is kept for the next (the first person named in the nominative
    before a quotation left open speaks it, else the last one named before it)."""
    text = s.text
    inside = ctx.quoting
    double = '"' in text or "“" in text or "”" in text or "«" in text or "»" in text
    single = " '" in text or text[:1] == "'" or ".'" in text or ",'" in text or "!'" in text or "?'" in text
    if not double and not single:        # most sentences: no quotation mark (apostrophes of suffixes aside)
        return inside
    singles = [m.start() for m in _SINGLE_OPEN.finditer(text)] if single else []
    opens = text.count("“") + text.count("«") + len(singles)
    closes = text.count("”") + text.count("»") + (len(_SINGLE_CLOSE.findall(text)) if single else 0)
    straight = text.count('"')
    if inside is not None:                   # the quotation closes here (or goes on)
        if straight % 2 == 1 or closes > opens:
            ctx.quoting = None
        return inside
    if straight % 2 == 1 or opens > closes:  # opened and left open: its speaker is the last person before it
        first = min(i for i in (text.find('"'), text.find("“"), text.find("«"), *singles) if i >= 0)
        ctx.quoting = _speaker_before(s, first) or None
    return None


def _where_they_went(reports: list[Report], sents: list[Sent]) -> list[Report]:
    """'Erdoğan, Prag'daki zirveye katıldı. … Erdoğan, Sanchez ile görüştü': talks told without a
    place, of someone whose one trip the article tells (as held, or as planned, like the talks),
    are where that trip went; not calls or video links, nor talks the text dates otherwise."""
    sharing = Sharing(reports)
    for r in reports:
        if r.location or r.type in ("visit", "phone_call") or _REMOTE.search(tr_lower(sents[r.sent_idx].text)):
            continue
        places = {v.location for v in sharing(r) if v.type == "visit" and v.location and v.status == r.status
                  and set(v.participants) & set(r.participants) and r.date_key in (None, v.date_key)}
        if len(places) == 1:
            r.location = places.pop()
    return reports


def _joined_contact(ctx: Article, sent_idx: int, t: Trigger, reach: int = 2) -> Report | None:
    """The contact people join ("Görüşmede X de hazır bulundu", "Karşılama töreninde Erdoğan'a Y
    eşlik etti"): the last one with two sides a few sentences back (for a welcome, the welcome told),
    not a trip told in between ("… uçak Esenboğa'ya indi")."""
    near = [r for r in ctx.reports if len(r.sides) >= 2 and sent_idx - max(r.sent_idxs) <= reach]
    if t.text.startswith(("karşılama", "kabul")):
        welcomes = [r for r in ctx.reports if len(r.sides) >= 2 and ("karşıla" in r.trigger.lower() or
                                                                     r.trigger.lower().startswith("kabul"))]
        near = welcomes or near               # "Kabulde X de yer aldı", "Karşılama töreninde …": the article's welcome
    return near[-1] if near else None


def _escorted(reports: list[Report], escorts: list[tuple[str, list[str]]]) -> None:
    """Put those who go with someone in all their talks on that one's side of each of them."""
    for anchor, people in escorts:
        for r in reports:
            if r.type in ("meeting", "delegation_talks") and anchor in r.participants:
                r.sides = [sd + [p for p in people if p not in r.participants] if anchor in sd else sd for sd in r.sides]


# "Zirveye A, B ve C de katıldı": they joined those the sentences before said attended it.
_ALSO_JOINED = re.compile(r"\s(?:de|da)\s+$")


def _with_earlier_attendees(sides: list[list[str]], s: Sent, ctx: Article, status: str, country) -> list[list[str]]:
    """'Erdoğan, Zirvesi'ne katıldı. Zirveye Aliyev ve Tokayev de katıldı': one gathering of all of
    them, each country a side (an attendee of a country already there joins its side)."""
    earlier = next((r for r in reversed(ctx.reports) if 0 < s.idx - r.sent_idx <= 2 and r.status == status
                    and "katıl" in tr_lower(r.trigger)), None)
    if earlier is None:
        return sides
    out = [[p] for p in earlier.participants]
    for side in sides:
        for p in side:
            same = next((sd for sd in out if country(p) is not None and country(sd[0]) == country(p)), None)
            if same is None:
                out.append([p])
            elif p not in same:
                same.append(p)
    return clean_sides(out)


def _trip_told(ctx: Article, sent_idx: int, reach: int = 2) -> Report | None:
    """The trip ("Erdoğan Bakü'ye gitti", "… Cidde'ye geldi") told in the last few sentences."""
    return next((r for r in reversed(ctx.reports) if r.type == "visit" and r.status == "held"
                 and len(r.sides) == 1 and sent_idx - max(r.sent_idxs) <= reach), None)


def _together(low: str, start: int, end: int) -> bool:
    """Words saying the contact's people met together ("üçlü", "liderleri ile bir araya geldi"), not
    leaders given as examples of whom one met each ("A, B ve C gibi … liderleri ile görüşecek")."""
    m = _TOGETHER.search(low, start, end)
    while m is not None and m.group(0) == "liderler" and " gibi " in low[start:m.start()]:
        m = _TOGETHER.search(low, m.end(), end)
    return m is not None


def _being_there(t: Trigger) -> bool:
    """'Doha'da bulunan Erdoğan', 'bulundukları Roma'da': a stay, told beside what the people do there."""
    return t.frame == "move" and t.text.startswith("bulun")


def _attends(t: Trigger) -> bool:
    """'… Zirvesi'ne katıldı': going to a named event (a trip when the event has a place)."""
    return "katıl" in t.text


def _describes(proto: Proto) -> bool:
    """'İki lider arasındaki görüşmede …', 'Akar'ın Şoygu ile görüşmesinde …': a contact named in the
    locative is the setting of what the clause tells, most often one already reported; it is one
    with a report of the same people, whatever that one's type."""
    return proto.trigger.type == "meeting" and _IN_IT.search(proto.trigger.text) is not None


def _told_by_talks(reports: list[Report]) -> list[Report]:
    """A stay read from "X'te temaslarda bulundu" is no visit of its own when the article tells
    talks of the same people there: those talks are the contacts it speaks of."""
    sharing = Sharing(reports)
    return [r for r in reports if not (r.type == "visit" and r.trigger.startswith("temas") and any(
        o.type != "visit" and set(o.participants) & set(r.participants) and o.location and r.location
        and (o.location == r.location or r.location in o.places_within) for o in sharing(r)))]


def _session(t: Trigger, low: str) -> str | None:
    """Which session of a visit's talks a trigger names: one on one, or between delegations."""
    if "heyetler" in t.text:
        return "delegations"
    if _ONE_ON_ONE.search(low, max(0, t.start - 24), t.end):
        return "one_on_one"
    return None


def _earlier(t: Trigger, low: str) -> str | None:
    """'earlier' for a contact the text places before the story's own (a pluperfect, "en son")."""
    verb = low[t.start:] if t.shape == "converb" else t.text     # a converb has the tense of its clause's verb
    return "earlier" if _EARLIER_VERB.search(verb) or word_search(_EARLIER_WORDS, low) else None


def _report_key(date_key: str | None, earlier: str | None) -> str | None:
    """A report's date key; one told as earlier than the story keeps its own date too ("earlier-m9":
    "en son eylül ayında …", "daha önce ağustosta …" are two meetings)."""
    return f"{earlier}-{date_key}" if earlier and date_key else earlier or date_key


def _sentence_year(s: Sent, date_rows: DateRows) -> str | None:
    """The year a sentence dates what it tells ("2020 yılında"): the roles held then."""
    years = {d["year"] for d in date_rows.of(s.idx) if d.get("year")}
    return str(years.pop()) if len(years) == 1 else None


def _latest_year(date_rows: list[dict]) -> str | None:
    """An undated article is as old as the latest year it writes ("5 Mart 2020")."""
    years = [d["year"] for d in date_rows if d.get("year")]
    return str(max(years)) if years else None


def _date_key(ref: int | None, date_rows: DateRows) -> str | None:
    """What a report's date says, comparable between reports of one article ("3-5", "rel-1")."""
    row = date_rows.at.get(ref) if ref is not None else None
    if row is None:
        return None
    if row.get("day") and row.get("month"):
        return f"{row['month']}-{row['day']}"
    if row.get("offset_unit") == "day" and row.get("offset_days") is not None:
        return f"rel{row['offset_days']}"
    if row.get("month"):
        return f"m{row['month']}"
    return None


# Dates of these kinds of event may be a contact's own ("dün … üçlü zirvede bir araya geldi",
# "anlaşma 5 Mart'ta imzalandı"); a ceasefire's, an election's or a named conference's are another event's.
_TALKS = TALK_EVENTS
_SIGNING = {None, "Mutabakat", "Anlaşma", "Bildiri", "Deklarasyon", "Muhtıra"}


_HOSTING = re.compile(r"\s*ev\s+sahipliğinde")


def _hosts_in(s: Sent, low: str) -> set[str]:
    """Persons the sentence names as hosts ("Caparov'un ev sahipliğinde")."""
    return {m.entity_id for m in s.mentions if m.label == "PER" and m.entity_id
            and _HOSTING.match(low, m.end + len(m.suffix) - s.start)}


def _trips_by_country(travellers: list[str], country) -> list[list[list[str]]] | None:
    """'Genel Kurul için ABD'de bulunan liderler (Erdoğan ve Netanyahu)': people of different
    countries who are somewhere are each on a trip of their own; people of one country, or
    of unknown ones, travel together."""
    by_country: dict[str, list[str]] = {}
    for p in travellers:
        c = country(p)
        if c is None:
            return None
        by_country.setdefault(c, []).append(p)
    return [[people] for people in by_country.values()] if len(by_country) > 1 else None


def _date_ref(s: Sent, t: Trigger, date_rows: DateRows, kind: str | None = None) -> int | None:
    """The date a contact's sentence gives it: the closest one not tied to another event."""
    events = _SIGNING if (kind or t.type) == "statement" else _TALKS
    mine = [d for d in date_rows.of(s.idx) if d.get("event") in events and d["kind"] != "time"
            and not ((d.get("offset") or 0) < 0 and t.status == "planned") and not ((d.get("offset") or 0) > 0 and t.status == "held")
            and not (d.get("tense") == "future" and t.status == "held" and t.sure)
            and not _UNTIL.match(s.text, d["end"] - s.start)]   # "5 Haziran'a kadar … sürdürecek": when it ends   # "15 Eylül'de yapılacak olan
    # Zirve'nin hazırlıklarını ele aldı": the date of what is to come, not of the talks told done
    if not mine:
        return None
    trig = s.start + t.start
    return min(mine, key=lambda d: (d["start"] > trig, abs(trig - d["start"])))["start"]
