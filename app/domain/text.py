"""Text folding for search: case and accents do not matter ("Lucía" = "lucia")."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case `text` and drop accents, keeping letters that have no plain form."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_text(parts) -> str:
    """What search looks in, built from a stakeholder's name, organisations, email..."""
    return " | ".join(fold(p.strip()) for p in parts if p and p.strip())
