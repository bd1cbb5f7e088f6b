"""Text as people typed it: cleaned on the way in, and folded for search (case and
accents do not matter: "Lucía" = "lucia")."""

import unicodedata

# Characters that show nothing and mean nothing alone: the byte-order mark, zero-width
# space, word joiner, and the bidirectional embeddings, overrides and isolates (which can
# also make a name display in a misleading order). Left in, a name of only these is an
# invisible link. The joiners (U+200C, U+200D) stay: Persian, Indic scripts and emoji
# need them.
_INVISIBLE = "\ufeff\u200b\u2060\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Single line: every control character (tab, newline...) is a space, then runs of
# whitespace are squashed. A block keeps its lines and tabs.
_CONTROLS = (*range(0x20), *range(0x7F, 0xA0))  # C0, DEL and C1
_LINE = {**dict.fromkeys(_CONTROLS, " "), **dict.fromkeys(map(ord, _INVISIBLE))}
_BLOCK = {**{c: None for c in _CONTROLS if chr(c) not in "\n\t"},
          **dict.fromkeys(map(ord, _INVISIBLE))}


def _shows_something(text: str) -> bool:
    """A letter, digit, punctuation mark or symbol: not only spaces, marks and controls."""
    return any(unicodedata.category(c)[0] in "LNPS" for c in text)


def clean_line(value):
    """One line as a person meant it (a name, a title, a tag list): no control or
    invisible characters, no runs of spaces, and empty when nothing shows. Anything but
    text (None, say) is returned as it is, so it fits WTForms' `filters`."""
    if not isinstance(value, str):
        return value
    text = " ".join(value.translate(_LINE).split())
    return text if _shows_something(text) else ""


def clean_block(value):
    """Several lines (notes, a summary): as `clean_line`, but lines and tabs stay (line
    ends as "\\n") and only the ends are trimmed."""
    if not isinstance(value, str):
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n").translate(_BLOCK).strip()
    return text if _shows_something(text) else ""


def fold(text: str) -> str:
    """Lower-case `text` and drop accents, keeping letters that have no plain form."""
    # Decompose before and after case folding: compatibility forms such as "𝑨" only
    # become a plain "A" when decomposed, and folding can yield new decomposable letters.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_text(parts) -> str:
    """What search looks in, built from a stakeholder's name, organisations, email..."""
    return " | ".join(fold(p.strip()) for p in parts if p and p.strip())


def name_match_rank(typed: str, name: str) -> int:
    """How closely `name` matches what was typed, for ordering typeahead matches:
    0 the whole name, 1 its start, 2 the start of one of its words, 3 inside a word,
    4 not in the name at all (found by organisation, email or tag). Case and accents
    do not matter."""
    wanted, folded = " ".join(fold(typed).split()), " ".join(fold(name).split())
    if not wanted or wanted not in folded:
        return 4
    if folded == wanted:
        return 0
    if folded.startswith(wanted):
        return 1
    words = folded.replace("-", " ").replace("'", " ").split()
    if any(" ".join(words[i:]).startswith(wanted) for i in range(1, len(words))):
        return 2
    return 3
