"""Text folding for search: case and accents do not matter ("Lucía" = "lucia")."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case `text` and drop accents, keeping letters that have no plain form."""
    # Decompose before and after case folding: compatibility forms such as "𝑨" only
    # become a plain "A" when decomposed, and folding can yield new decomposable letters.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_text(parts) -> str:
    """What search looks in, built from a stakeholder's name, organisations, email..."""
    return " | ".join(fold(p.strip()) for p in parts if p and p.strip())
