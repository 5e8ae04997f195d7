"""Words that report a contact, the frame they put their participants in, and whether the
contact happened.

A trigger is found on the Turkish-lower-cased sentence. Its **frame** says where its
participants stand, as Turkish grammar puts them:

- `sym`  symmetric verbs: a subject and the other side in the comitative ("A, B ile
         görüştü", "A ve B bir araya geldi", "telefonda görüştü", "istişarelerde bulundu");
- `obj`  a subject and an accusative object ("A, B'yi kabul etti / ağırladı / aradı /
         ziyaret etti");
- `move` a subject going to a place in the dative ("A Moskova'ya gitti / geldi");
- `join` a subject joining an event ("zirveye A, B ve C katıldı");
- `noun` the contact named as a noun ("görüşme", "zirve", "ziyaret"): its participants are
         genitive ("A'nın B ile görüşmesi"), or "A ile B arasında", or none at all, when it
         refers back to a contact already reported ("Görüşmede … ele alındı").

Its **shape** is how the verb is inflected (Turkish morphology, see `inflection`): a finite
verb, a subject participle ("görüşen A"), an object participle or complement ("A'nın
görüştüğü B", "görüştüğünü söyledi"), a verbal noun ("görüşmesi bekleniyor"), a converb
("giderek", "arayıp"), or a noun. The **status** comes from the same morphology (negation,
future) or, for nouns and verbal nouns, from the verb that follows in the clause
("görüşme ertelendi", "görüşmesi bekleniyor").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsgraph.base.textnorm import trie_alternation

_W = r"[a-zçğıöşüâîû]*"
_WA = r"[a-zçğıöşüâîû']*"             # a word and its suffix after an apostrophe ("Beyannamesi'ni")
_LIGHT = r"(?:gerçekleştir|gerçekleş|düzenle|yap|bulun|ol)"
_DOCUMENT = r"(?:mutabakat|anlaşma|protokol|bildiri|bildirge|beyanname|memorandum|deklarasyon|muhtıra|belge|metn|metin|mektub|mektup)"

# (type, frame, pattern). Order is priority: at one place the first pattern that matches wins,
# and matches never overlap ("telefon görüşmesi gerçekleştirdi" is one phone call).
TRIGGER_PATTERNS: tuple[tuple[str, str, str], ...] = (
    ("phone_call", "obj", rf"telefon(?:la|\s+ile)\s+ara(?:d|y|m|n){_W}"),
    ("phone_call", "sym", rf"telefon(?:da|la|\s+ile|\s+aracılığıyla)\s+(?:bir\s+)?(?:görüş|konuş){_W}"),
    ("phone_call", "obj", rf"telefon(?:da|la|\s+ile)\s+(?:bilgi|brifing)\s+ver{_W}"),    # "Putin'e telefonda bilgi verdi"
    ("phone_call", "noun", rf"telefon\s+(?:görüşme|trafiği|diplomasisi|konuşma){_W}(?:\s+{_LIGHT}{_W})?"),
    ("phone_call", "noun", rf"telefon(?:u|unu|la)?\b(?!\s+(?:numara|hatt|şirket|rehber|kulübe))"),
    ("phone_call", "obj", rf"ara(?:dı|dık|yarak|yan|dığ|yıp|yacak|yacağ|mış|madı|mayacak|masıyla|ması|ndı|nan|ndığ){_W}"),
    ("press_conference", "sym", rf"(?:ortak\s+)?basın\s+toplantı{_W}(?:\s+(?:düzenle|yap|gerçekleştir|ver){_W})?"),
    # a joint press statement held (düzenlendi, gerçekleştirdi) is an appearance before the press; one made (yaptı) a statement
    ("press_conference", "sym", rf"ortak\s+(?:bir\s+)?basın\s+açıklaması{_WA}\s+(?:düzenle|gerçekleştir){_W}"),
    # "İki liderin basına açıklama yapması bekleniyor": an appearance before the press (of one person alone: no contact)
    ("press_conference", "sym", rf"basına\s+(?:ortak\s+)?(?:bir\s+)?(?:açıklama|demeç)\s+(?:yap|ver){_W}"),
    # "İki liderin kameralar karşısına geçip açıklama yapması bekleniyor"
    ("press_conference", "sym", rf"kameralar(?:ın)?\s+karşısına\s+geç{_W}(?:\s+(?:ortak\s+)?açıklama\s+yap{_W})?"),
    ("statement", "sym", rf"ortak\s+(?:bir\s+)?(?:basın\s+)?(?:açıklama|bildiri|deklarasyon|bildirge|çağrı|metin|mesaj|mektup){_W}"
                         rf"\s+(?:yap|yayımla|yayınla|imzala|dağıt|bulun|gönder){_W}"),
    ("statement", "noun", rf"ortak\s+(?:bir\s+)?(?:basın\s+)?(?:açıklama|bildiri|deklarasyon|bildirge|çağrı)(?:s[ıi])?(?:nda|nde|da|de)\b"),
    ("statement", "sym", rf"{_DOCUMENT}{_WA}(?:\s+zapt{_WA})?\s+(?:imzala|imza\s+at|imza\s+koy){_W}"),
    ("statement", "sym", rf"imza\s+(?:att|koy|töreni){_W}|imzala(?:dı|dılar|yan|dığ|yacak|yarak|nan|ndı|mış){_W}"
                         rf"|imza\s+altına\s+al(?:ındı|ınan|ındığ|ınacak|ınmış|dı|dılar|an|dığ|acak|mış){_W}"),   # "imza altına alındı"
    ("meeting", "noun", rf"(?:görüşme|buluşma|telefon\s+görüşmesi)\s+tale[pb]{_WA}"),
    ("statement", "noun", rf"(?:yaptığı|yaptıkları|yapacağı|yapacakları|bulunduğu|bulundukları|bulunacağı|bulunacakları)\s+(?:\w+\s+){{0,2}}?çağrı{_WA}"),
    ("delegation_talks", "sym", rf"istişare\s+(?:et|ed){_W}"),
    # what a contact was about: a contact already told, or one of its own when none was
    ("meeting", "sym", rf"(?:ele\s+al|değerlendir|görüş\s+alışverişinde\s+bulun|mutabık\s+kal|uzlaş(?:tı|maya\s+var))"
                       rf"(?:dı|di|mış|miş|ıyor|iyor|acak|ecek|arak|erek|dığ|diğ|tık|dık|mak\s+(?:için|üzere)|mek\s+(?:için|üzere)){_W}"
                       rf"|değerlendirme(?:si|leri)?\s+(?:yap|gerçekleştir){_W}"),   # "X ile durum değerlendirmesi yapması"
    ("delegation_talks", "sym", rf"istişare{_W}(?:\s+(?:bulun|yap|gerçekleştir|sürdür){_W})?"),
    ("delegation_talks", "noun", rf"heyetler\s*arası{_W}\s+(?:görüşme|toplantı|müzakere|temas){_W}(?:\s+{_LIGHT}{_W})?"),
    ("meeting", "sym", rf"temas(?:ta|da|larda|larta)\s+bulun{_W}|temaslar(?:ını|ına)\s+(?:(?:bugün|yarın|dün)\s+)?(?:sürdür|devam\s+et|devam\s+ed|tamamla|başla|bitir){_W}"),
    ("meeting", "sym", rf"müzakere(?:ler|lerde|de)?\s+(?:et|ed|bulun|yürüt|sürdür){_W}"),
    ("visit", "obj", rf"ziyaret(?:te|inde|lerde|i|leri)?\s+(?:et|ed|gerçekleştir|bulun|düzenle){_W}"),
    ("visit", "noun", rf"ziyaret(?:i|in|inde|indeki|inden|ine|ini|inin|iyle|te|teki|ten|ler|lerinde|leri|lerini|lerine|lerinden|leriyle|i\s+sırasında)?\b"),
    ("meeting", "sym", rf"(?:bir araya|biraraya)\s+gel{_W}"),
    ("meeting", "sym", rf"masa(?:ya|sına)\s+otur{_W}"),          # "Hafter ile bir daha masaya oturmayacağız"             # (text has single spaces: clean.py)
    # "Erdoğan, Miçotakis onuruna akşam yemeği verecek": a dinner in someone's honour is a meeting with them
    ("meeting", "sym", rf"onuruna\s+(?:resmi\s+)?(?:bir\s+)?(?:akşam\s+|öğle\s+)?(?:yemeğ|yemek|ziyafet|resepsiyon){_W}"
                       rf"(?:\s+(?:ver|düzenle){_W})?"
                       rf"|onuruna\s+(?:ver|düzenle){_W}\s+(?:resmi\s+)?(?:akşam\s+|öğle\s+)?(?:yemeğ|yemek|ziyafet|resepsiyon){_W}"),
    ("meeting", "sym", rf"(?:baş başa\s+)?görüş(?:tü|tük|müş|ecek|eceğ|üyor|ürken|en|erek|üp|ür|mek\s+(?:üzere|için|amacıyla)|tüğ|tük|müş\s+ol{_W}"
                       rf"|me(?:di|dik|diğ|yecek|yeceğ|miş|z|yen)|müyor){_W}"),
    ("meeting", "sym", rf"buluş(?:tu|acak|acağ|muş|tuğ|tuk|an|arak|mak\s+üzere|ma(?:dı|yacak)){_W}"),
    ("meeting", "noun", rf"(?:yaptığı|yaptıkları|yapacağı|yapacakları|gerçekleştir(?:diği|dikleri|eceği|ecekleri)"
                        rf"|düzenle(?:diği|dikleri|yeceği|yecekleri))\s+"
                        rf"(?:(?:ikili|resmi|kritik|ilk|son|uzun|kısa|telefon)\s+)?(?:görüşme|toplantı|zirve){_W}"),
    ("meeting", "noun", rf"(?:ikili\s+|üçlü\s+|dörtlü\s+|beşli\s+|çok\s+taraflı\s+)?(?:görüşme|toplantı|zirve|buluşma|müzakere)"
                        rf"{_WA}(?:\s+(?:d[ae]\s+)?(?:{_LIGHT}|katıl){_W})?"),     # "… görüşme de yapacak"
    ("meeting", "noun", rf"kabul(?:de|ünde|e|ü|den)\b"),
    ("meeting", "noun", rf"karşılama(?:da|ya|sında|\s+törenin?de)\b"),     # "Karşılamada (töreninde) X de hazır bulundu"
    ("meeting", "obj", rf"kabul\s+(?:et|ed){_W}"),
    ("meeting", "obj", rf"(?:ağırla|karşıla){_W}|(?:konuk|misafir)\s+(?:et|ed){_W}"),
    ("meeting", "join", rf"katıl(?:dı|dık|acak|acağ|ması|an|dığ|ma(?:dı|yacak|ma\s+kararı)|mış){_W}"),
    # the formal word for it: "Toplantısı'na iştirak edecek"
    ("meeting", "join", rf"iştirak\s+(?:et(?:ti|tiğ|miş|me(?:si|di|yecek))|ed(?:ecek|eceğ|en|iyor)){_W}"),
    ("visit", "move", rf"ulaş(?:tı(?!r)|acak|acağ|arak|an|tığ|mış){_W}"),     # not "Ulaştırma" (transport)
    ("visit", "move", rf"ayrıl(?:dı|acak|acağ|arak|an|dığ|mış){_W}"),     # "Moskova'dan ayrıldı": a visit ends
    # being somewhere ("Doha'da bulunan Erdoğan"), landing there, setting off for it (places.visit_target)
    ("visit", "move", rf"bulun(?:an|duğu|dukları|uyor|du|acak|acağ|muş|makta){_W}"),
    ("visit", "move", rf"ol(?:acak|acağ){_W}"),          # "Guterres de Lviv'de olacak": a stay to come
    ("visit", "move", rf"in(?:di|ecek|eceğ|erek|en|diğ|miş|iyor){_W}"),
    ("visit", "move", rf"geç(?:ti|ecek|eceğ|erek|en|tiği|miş|ip){_W}"),     # "ardından Katar'a geçti": the next stop
    ("visit", "move", rf"hareket\s+(?:et|ed)(?:ti|ecek|eceğ|erek|en|iyor|tiğ|miş){_W}|hareket(?:inden|ini|i)\s+(?:önce|sonra|öncesi)"),
    ("visit", "move", rf"(?:git|gid|gel)(?:ti|di|ecek|eceğ|erek|miş|en|ip|mesi|mesinin|diği|tiği|dikleri|tikleri|ir|iyor"
                      rf"|me(?:di|yecek|yeceğ|miş))(?!{_W}\s+(?:hafta|ay|yıl|sene|gün|dönem)){_W}"),
)
_COMBINED = re.compile("|".join(rf"\b(?P<t{i}>{p})" for i, (_, _, p) in enumerate(TRIGGER_PATTERNS)))
# Every pattern starts with one of these words or stems; the engine skips to them (the combined
# pattern, which starts with \b, would otherwise be tried at every character).
TRIGGER_STARTS = ("telefon", "arad", "aray", "aram", "aran", "ortak", "basın", "mutabakat", "anlaşma", "protokol", "bildiri", "mektub", "mektup",
                  "bildirge", "beyanname", "memorandum", "deklarasyon", "muhtıra", "belge", "metn", "metin", "imza", "istişare",
                  "ele", "değerlendir", "geç", "mutabık", "uzlaş", "heyetler", "temasda", "temasta", "temaslarda", "temaslarta", "temasları",
                  "müzakere", "ziyaret", "bir araya", "biraraya", "baş başa", "bulund", "buluna", "görüş", "buluş",
                  "yapt", "yapa", "gerçekleştir", "düzenle", "ikili", "üçlü", "dörtlü", "beşli", "çok",
                  "toplantı", "zirve", "kabul", "ağırla", "karşıla", "konuk", "misafir", "katıld", "katıla", "katılm", "iştirak", "git",
                  "gid", "gel", "ulaş", "ayrıl", "masa", "bulunan", "bulunu", "bulunm", "ind", "ine", "ini", "inm", "hareket",
                  "onuruna", "olaca", "kamera")
# as a prefix tree, at word starts only: 2.5x faster than the words joined (tests: same matches)
_START = re.compile(rf"(?<![a-zçğıöşüâîû])(?:{trie_alternation(TRIGGER_STARTS)})")

# Verb stems a trigger ends in (longest first): what follows is the inflection.
_STEMS = tuple(sorted((
    "al", "alın", "kal", "var", "ulaş", "in", "ayrıl", "otur", "değerlendir", "uzlaş", "görüş", "aran", "karşıla", "karşılan", "at", "koy", "gel", "git", "gid", "geç", "buluş", "ara", "et", "ed", "yap", "yapıl", "gerçekleştir", "gerçekleştiril",
    "gerçekleş", "düzenle", "düzenlen", "bulun", "ağırla", "ağırlan", "imzala", "imzalan", "katıl", "konuş",
    "ol", "yayımla", "yayınla", "dağıt", "sürdür", "yürüt", "ver", "gönder", "başla", "tamamla", "bitir"), key=len, reverse=True))
_PASSIVE_STEMS = frozenset({"yapıl", "gerçekleştiril", "düzenlen", "ağırlan", "imzalan", "aran", "karşılan", "alın"})
_NEG = re.compile(r"m[ae](?:d[ıiuü]|y[ae]c[ae]|m[ıiuü]ş|z\b|y[ae]n)|m[ıiuü]yor")
_FUT = re.compile(r"y?[ae]c[ae](?P<rel>ğ|k(?:l[ae]r)?[ıi])?")
_SUBJ_PART = re.compile(r"y?[ae]n(?:l[ae]r)?(?:[ıi]n|[ıi]|[ae]|d[ae]|l[ae])?$")
_OBJ_PART = re.compile(r"[dt][ıiuü][ğk]")
_NEG_FUT_REL = re.compile(r"y[ae]c[ae](?:ğ|kl[ae]r[ıi])")           # "gitmeyeceğini", "görüşmeyeceklerini"
_CONVERB = re.compile(r"y?[ae]r[ae]k|y?[ıiuü]p$|[dt][ıiuü]kt[ae]n|[ıiuü]?yorken|[ıiuü]rken")
_FUTURE_VERB = re.compile(r"[ae]c[ae]k(?:t[ıi]r|l[ae]r)?\s*$")   # a clause ending in a future verb ("bulunulacak")
_VNOUN_3SG = re.compile(r"m[ae]s[ıi]$")   # "yapması", "görüşmesi": a verbal noun with its subject's ending
_VNOUN = re.compile(r"m[ae](?:k|s[ıi]|y[ıi]|y[ae]|d[ae]|l[ae]r|n[ıi]n)?")
_FINITE = re.compile(r"[dt][ıiuü]|m[ıiuü]ş|[ıiuü]?yor|[ıiuüae]r\b")

# What the clause after a noun (or verbal noun, or complement) says of it, first word found
# wins. "görüşme ertelendi", "görüşmesi bekleniyor", "görüştüğü iddialarını yalanladı".
# "planlanmadı", "öngörülmüyor": not planned (not "planlanması", the planning of it)
_NOT = r"m(?:ıyor|iyor|üyor|adı|edi|amış|emiş|ayacak|eyecek)"
CLAUSE_STATUS_WORDS = (
    rf"(?P<planned>beklen|planlan(?!{_NOT})|öngörül(?!{_NOT})|ön\s+görül(?!{_NOT})|kararlaştırıl|kararlaştır|taahhüt|hazırlan|gündemde\b(?!\s+değil)|üzere\b|yapılacak|"
    r"gerçekleştirilecek|gerçekleşecek|düzenlenecek|olacak|var\b|kabul\s+etti|"
    r"gerçekleşeceğ|yapılacağ|gerçekleştirileceğ|düzenleneceğ|olacağ|"        # "… görüşmenin gerçekleşeceği bildirildi"
    r"kesinleşme|netleşme|belirlenme|kararlaştırılma|belli\s+değil|belli\s+olma)"   # "… tarihi henüz kesinleşmedi": to come
    r"|(?P<cancelled>ertelen|ertele[dy]|iptal|askıya|vazgeç)"
    r"|(?P<denied>yalanla|gerçekleşmedi|yapılmadı|(?<!belli\s)(?<!net\s)olmadı|gerçekleşmeyecek|yapılmayacak|olmayacak|söz\s+konusu\s+değil|"
    rf"planlan{_NOT}|öngörül{_NOT}|ön\s+görül{_NOT}|gündemde\s+değil|redded|reddet|kabul\s+etme|geri\s+çevir|yok\b|bulunmuyor|yer\s+almıyor|mevcut\s+değil)"
    r"|(?P<held>gerçekleşti(?!r)|yapıldı|gerçekleştirildi|düzenlendi|sona\s+erdi|sürdü(?!r)|başladı|tamamlandı|geçti(?!ğ))")
# …at a word start: what word_search finds. No literal lets the engine skip ahead to these words,
# so checking the word start first spares it the branches at every letter inside words (~3x faster).
_CLAUSE_STATUS = re.compile(rf"(?<!\w)(?:{CLAUSE_STATUS_WORDS})")
_FUTURE_INSIDE = re.compile(r"[ae]c[ae][kğ]\w*\s")      # a future participle inside a noun trigger ("vereceği yemek")
_JOIN_TO_COME = re.compile(r"(?:katıl|iştirak\s+ed|eşlik\s+ed)(?:acak|ecek|acağ|eceğ|ması\s+bekleni|mesi\s+bekleni)")
_CLAUSE_END = re.compile(r"[;!?]|[.:](?!\d)|,\s+(?:ancak|fakat|ama)\b")   # not the dot of "18.45"
# What the words right before a noun say of it: "ertelenen görüşme", "beklenen ziyaret".
_BEFORE_STATUS = re.compile(
    r"(?:(?P<cancelled>ertelenen|iptal\s+edilen|ertelendiği)|(?P<planned>beklenen|planlanan|öngörülen|yapılacak\w*|"
    r"gerçekleştirilecek\w*|gerçekleştirecek\w*|gerçekleşecek|düzenlenecek\w*|yapacak\w*|yapacağ\w*|gerçekleştireceğ\w*|gerçekleştirileceğ\w*|düzenleyeceğ\w*)"
    r"|(?P<denied>gerçekleşmeyen|yapılmayan))\s+(?:[^\s]+\s+){0,2}$")

# A past participle of a light verb right before a noun says it took place: "düzenlediği ortak basın
# toplantısında", "yapılan görüşmede" (what the clause says after it is of something else).
_DONE_BEFORE = re.compile(r"\b(?:yap|gerçekleştir|düzenle)(?:tığı|dığı|tiği|diği|tıkları|dıkları|tikleri|dikleri"
                          r"|ılan|ilen|nen)\s+(?:[^\s]+\s+){0,2}$")


@dataclass(frozen=True)
class Trigger:
    """Words in a sentence that report a contact (offsets in the sentence)."""

    start: int
    end: int
    type: str              # phone_call | meeting | visit | delegation_talks | press_conference | statement
    frame: str             # sym | obj | move | join | noun
    shape: str             # finite | subj_participle | obj_participle | vnoun | converb | noun
    status: str            # held | planned | cancelled | denied
    text: str
    passive: bool = False  # "kabul edildi": the subject is the guest, "X tarafından" the host
    sure: bool = True      # the status is stated, not assumed


@dataclass(frozen=True)
class Inflection:
    shape: str
    status: str | None     # None: the clause decides
    passive: bool = False


@lru_cache(maxsize=4096)
def inflection(word: str) -> Inflection:
    """Shape and status of the last word of a trigger, from the suffixes after its verb stem."""
    stem = next((s for s in _STEMS if word.startswith(s)), None)
    if stem is None:
        return Inflection("noun", None)
    rest = word[len(stem):]
    passive = stem in _PASSIVE_STEMS
    if stem in ("et", "ed") and rest.startswith(("il", "ıl")):
        rest, passive = rest[2:], True            # "kabul edildi"
    if (neg := _NEG.match(rest)):
        after = rest[neg.start() + 2:]
        shape = "obj_participle" if _OBJ_PART.match(after) or _NEG_FUT_REL.match(after) else \
            "subj_participle" if after.startswith(("yen", "yan")) else "finite"
        return Inflection(shape, "denied", passive)
    fut = _FUT.match(rest)
    if fut and _WAS_TO.match(rest):
        return Inflection("finite", "cancelled", passive)   # "görüşecekti": was to meet, and did not
    if fut:
        return Inflection("obj_participle" if fut.group("rel") else "finite", "planned", passive)
    if _SUBJ_PART.match(rest):
        return Inflection("subj_participle", "held", passive)
    if _OBJ_PART.match(rest):
        return Inflection("obj_participle", "held", passive)
    if _CONVERB.match(rest):
        return Inflection("converb", None, passive)
    if _FINITE.match(rest):
        return Inflection("finite", "held", passive)
    if _VNOUN.match(rest) or not rest:
        return Inflection("vnoun", None, passive)
    return Inflection("finite", "held", passive)


def clause_status(low: str, end: int, stop: int | None = None) -> str | None:
    """The status the rest of the clause (up to `stop`, the next trigger) gives a noun-like trigger."""
    clause_end = _CLAUSE_END.search(low, end)
    limit = min(clause_end.start() if clause_end else len(low), stop if stop is not None else len(low))
    if (low.startswith(",", end) or low.startswith(" ve ", end)) and _VNOUN_3SG.search(low, max(0, end - 5), end):
        limit = clause_end.start() if clause_end else len(low)   # "X ile görüşme yapması, … düzenlemesi
        # öngörülüyor": verbal nouns listed before one verb share it
    m = _CLAUSE_STATUS.search(low, end, limit)
    if m and m.lastgroup == "planned" and low[m.end():m.end() + 2] in ("tı", "ti"):
        return "cancelled"                     # "… gerçekleştirilecekti": was to take place, and did not
    if m is None and clause_end is not None and limit == clause_end.start() and _FUTURE_VERB.search(low, end, limit):
        return "planned"                       # "A-B buluşmasında … görüş alışverişinde bulunulacak": the clause's verb
    return m.lastgroup if m else None


def before_status(low: str, start: int) -> str | None:
    """The status the words right before a noun give it ("ertelenen görüşme")."""
    m = _BEFORE_STATUS.search(low[max(0, start - 40):start])
    return m.lastgroup if m else None


@lru_cache(maxsize=4096)
def _form(text: str, frame: str, after: str) -> Inflection:
    """The inflection that decides a trigger's shape and status (`after`: the next few letters)."""
    words = text.split()
    if words[-1] in ("üzere", "için", "amacıyla") and len(words) > 1 and words[-2].endswith(("mek", "mak")):
        return Inflection("converb", "planned")     # "görüşmek üzere / için / amacıyla": a purpose, so a plan
    if _NOT_ATTEND.match(words[-1] + after):        # "katılmama kararı aldı"
        return Inflection("finite", "cancelled")
    if frame != "noun":
        return inflection(words[-1])
    if words[0].startswith(_LIGHT_STEMS):            # "yaptığı görüşme": the participle has the tense
        return Inflection("noun", inflection(words[0]).status)
    if len(words) > 1 and words[-1].startswith(_LIGHT_STEMS):   # "görüşme gerçekleştirdi"
        return inflection(words[-1])
    return Inflection("noun", None)


_WAS_TO = re.compile(r"(?:y?[ae]c[ae]k)t[ıi](?:m|n|k|lar|ler)?$")   # future-in-past: a plan that did not happen
_NOT_ATTEND = re.compile(r"katılm[ae]m[ae]\s+karar")
_LIGHT_STEMS = ("gerçekleştir", "gerçekleş", "düzenle", "yap", "bulun", "ol", "katıl")


# A verbal noun in the genitive or an infinitive in a case talks of a contact, not of one that
# took place ("bir araya gelmesinin krizi yumuşatabileceği", "ağırlamaktan memnuniyet duyar"),
# unless a postposition places it in time or gives it as a purpose.
_HYPOTHETICAL = re.compile(r"(?:m[ae]s[ıi]n[ıi]n|m[ae]k(?:t[ae]n|[ae]|l[ae])|m[ae]y[ae])$")
# "Erdoğan'ı Pakistan'da ağırlamaktan mutluluk duyduğunu": the pleasure of hosting is told of hosting done
_TOPIC_OF = re.compile(r"\s+(?:ile\s+)?(?:ilgili|ilişkin|hakkında|dair)\b")
_PLEASED = re.compile(r"\s+(?:büyük\s+)?(?:mutluluk|memnuniyet|onur|gurur|sevinç)\s+duy(?:du|duğ|dukl|uyor|makta)")   # not
# "ağırlamaktan memnuniyet duyacaklarını": a willingness to host, no contact
_PLACED = re.compile(r"\s+(?:ardından|öncesinde|sonrasında|sırasında|için|üzere|hazır|karar|talimat|beklen|planlan|öngörül)")


# How often people meet is not a contact ("neredeyse her ay bir araya geliyorlar", "sık sık telefonda görüşüyor").
_HABITUAL = re.compile(r"(?<![\w])(?:her\s+(?:gün|hafta|ay|yıl|sene|fırsatta)|sık\s+sık|düzenli\s+olarak|zaman\s+zaman|sıklıkla"
                       r"|periyodik\s+olarak|daima|sürekli)\s+(?:\S+\s+){0,2}$")


def is_request(text: str) -> bool:
    """'görüşme talebi', 'görüşme talebini' (p softens to b before a vowel): a request for a contact."""
    return " talep" in text or " taleb" in text


def habitual(low: str, start: int) -> bool:
    """True when a frequency adverb stands right before a trigger's verb."""
    return _HABITUAL.search(low, max(0, start - 60), start) is not None


def hypothetical(text: str, low: str, end: int) -> bool:
    """True when a trigger's verb speaks of a contact in general (see _HYPOTHETICAL)."""
    return _general_form(text.rsplit(None, 1)[-1]) and not _PLACED.match(low, end)


@lru_cache(maxsize=4096)
def _general_form(word: str) -> bool:
    stem = next((st for st in _STEMS if word.startswith(st)), None)
    return stem is not None and bool(_HYPOTHETICAL.match(word[len(stem):]))


_COMING = re.compile(r"iyor(?:lar)?$")
_FIGURATIVE_SIGN = re.compile(r"(?:karar|başarı|rekor|adım|zafer|ilk|tarih|hizmet|proje)\w*?y?[ae]\s+$")
_READY = re.compile(r"\s+(?:her\s+zaman\s+)?(?:hazır|açık|istekli|niyetli|razı)\b|\s+sıcak\s+bak")


def _trigger(low: str, m: re.Match, stop: int | None) -> Trigger | None:
    kind, frame, _ = TRIGGER_PATTERNS[int(m.lastgroup[1:])]
    text = m.group(0)
    pleased = _PLEASED.match(low, m.end()) is not None
    if frame != "noun" and (hypothetical(text, low, m.end()) and not pleased or habitual(low, m.start())):
        return None
    if _READY.match(low, m.end()):
        return None                           # "Putin ile görüşmeye hazır olduğunu söyledi": willing, no contact
    if kind == "statement" and text.startswith("imza") and _FIGURATIVE_SIGN.search(low, max(0, m.start() - 24), m.start()):
        return None                           # "önemli bir karara imza attı": made a decision, signed nothing
    if "telefon" in text:
        kind = "phone_call"                   # "yaptığı telefon görüşmesinde"
    form = _form(text, frame, low[m.end():m.end() + 8])
    if form.shape == "finite" and form.status == "planned" and low.startswith(" olan ", m.end()):
        form = Inflection("subj_participle", "planned", form.passive)   # "görüşmelerde bulunacak olan Bolat"
    status, sure = form.status, form.status is not None
    if frame == "move" and _COMING.search(text):
        status = "planned"                    # "Dbeybe, 14 bakanla Türkiye'ye geliyor": a trip told as coming
    if (status is None or form.shape in ("obj_participle", "vnoun", "noun")) and not _TOPIC_OF.match(low, m.end()):
        said = clause_status(low, m.end(), stop)     # not "ziyaretiyle ilgili açıklama yapılmadı": no word on the visit
        before = before_status(low, m.start()) if said is None and status is None or said == "planned" else None
        if before is not None and (said is None or before in ("cancelled", "denied")):
            said = before                     # "ertelenen görüşmesi için henüz yeni bir tarih belirlenmedi"
        if said in ("cancelled", "denied") and _DONE_BEFORE.search(low[max(0, m.start() - 50):m.start()]):
            said = None                       # "düzenlediği ortak basın toplantısında … doğru olmadığını": it was held
        if said in ("cancelled", "denied") or (said is not None and status is None):
            status, sure = said, True
    if pleased:
        status, sure = "held", True           # "ağırlamaktan mutluluk duydu": hosting done
    if status is None and (frame == "noun" or form.shape == "noun") and (_FUTURE_INSIDE.search(text) or (
            stop is not None and _JOIN_TO_COME.match(low, stop) and not _CLAUSE_END.search(low, m.end(), stop))):
        status = "planned"                    # "Erdoğan - Miçotakis görüşmesine … da katılacak", "onuruna vereceği
        # akşam yemeği": talks to come
    return Trigger(m.start(), m.end(), kind, frame, form.shape, status or "held", text, form.passive, sure)


def matches(low: str, pos: int = 0, end: int | None = None) -> list[re.Match]:
    """What _COMBINED.finditer gives (in low[pos:end]), trying only the places where a trigger may start."""
    end = len(low) if end is None else end
    found = []
    while (start := _START.search(low, pos, end)) is not None:
        m = _COMBINED.match(low, start.start(), end)
        if m is None:
            pos = start.start() + 1
            continue
        found.append(m)
        pos = m.end()
    return found


def find_triggers(low: str, start: int = 0, end: int | None = None) -> list[Trigger]:
    """Non-overlapping triggers in a lower-cased sentence (or in low[start:end], one sentence of
    a lower-cased article: offsets are then relative to `start`), in text order."""
    end = len(low) if end is None else end
    found = matches(low, start, end)
    if not found:
        return []
    if start or end != len(low):
        low = low[start:end]                  # few sentences have a trigger: only they are cut out
        found = matches(low)
    found = [m for i, m in enumerate(found) if not (i and is_request(found[i - 1].group(0)) and m.group(0).startswith("kabul"))]
    out = [_trigger(low, m, _stop(low, m, found[i + 1]) if i + 1 < len(found) else None) for i, m in enumerate(found)]
    return _converbs_follow([t for t in out if t is not None], low)


_COORDINATED = re.compile(r"\s+ve\s+(?:[^\s,.;:]+\s+){0,4}$")


def _stop(low: str, m: re.Match, nxt: re.Match) -> int | None:
    """Where a trigger's clause ends for its status: at the next trigger, unless that one is a noun
    joined to it by "ve" ("ziyaretleri ve AK Parti Grup toplantısı iptal edildi": both called off)."""
    if TRIGGER_PATTERNS[int(nxt.lastgroup[1:])][1] == "noun" and _COORDINATED.match(low[m.end():nxt.start()]):
        return None
    if nxt.group(0).startswith("ol"):          # "görüşmesinin Pazartesi günü olacağını": the copula of the noun's
        return None                           # own clause (a stay "Lviv'de olacak" only with a place)
    return nxt.start()


_SCENE_AFTER = re.compile(r"\s+(?:sırasında|esnasında|kapsamında|marjında|çerçevesinde|sonrası|sonrasında|öncesi|öncesinde"
                          r"|ardından|akabinde|(?:\S+\s+)?sonra)\b")   # "baş başa görüşmesinin ardından heyetler arası görüşme yapılacak"


def _converbs_follow(triggers: list[Trigger], low: str) -> list[Trigger]:
    """A converb ("giderek", "arayıp") has the status of the verb it leads to; so does the scene
    a contact is set in ("ziyareti sırasında … görüşmesi bekleniyor")."""
    out = list(triggers)
    for i in range(len(out) - 2, -1, -1):
        t = out[i]
        if (t.shape == "converb" or t.shape == "subj_participle" and t.frame in ("move", "join")) \
                and out[i + 1].status == "planned" and t.status == "held":   # not "Reisi ile görüşen Erdoğan, … katılmak üzere"
            out[i] = Trigger(t.start, t.end, t.type, t.frame, t.shape, "planned", t.text, t.passive, t.sure)
        elif t.frame == "noun" and not t.sure and out[i + 1].status == "planned" and t.status == "held" \
                and _SCENE_AFTER.match(low, t.end):
            out[i] = Trigger(t.start, t.end, t.type, t.frame, t.shape, "planned", t.text, t.passive, t.sure)
    return out                                # "Suriye ziyareti sırasında Şara ile görüşmesi bekleniyor": both to come


# Words that say what a contact was about: they describe one already reported, and make one
# of their own only when none was ("durumu istişare eden Putin ve Erdoğan", "ele aldı").
ABSORB = re.compile(r"(?:istişare\s+e|ele\s+al|değerlendir|görüş\s+alış|mutabık|uzlaş)")

RANK = {"phone_call": 0, "press_conference": 1, "statement": 2, "delegation_talks": 3, "visit": 4, "meeting": 5}
