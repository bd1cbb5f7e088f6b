"""Template globals and filters: vocabulary labels, navigation, htmx headers."""

from datetime import UTC, datetime
from functools import lru_cache

from flask import Flask, g, get_template_attribute, request, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from app import tenancy
from app.domain import ratings, vocab

# The areas of the product, in navigation order: (label, endpoint or None while not built).
NAV_AREAS = (
    ("Stakeholders", "stakeholders.index"),
    ("Map", "map.index"),
    ("Champions", "champions.index"),
    ("Outreach", "outreach.index"),
    ("Partnerships", "partnerships.index"),
    ("Engagement", "engagement.index"),
    ("My week", "week.index"),
)


# Blueprints that belong to a navigation area besides its own (tabs under Champions; key
# messages and the glossary under Engagement).
NAV_ALSO = {"champions": {"coverage", "network"}, "engagement": {"messages"}}


def _nav_items() -> list[tuple[str, str, bool]]:
    """(label, URL, is the current area) for the main navigation. A view drawing another
    area's page (the stakeholder list answered by an outreach route) names it in
    `g.nav_area`."""
    blueprint = g.get("nav_area") or request.blueprint
    return [(label, url, blueprint in areas)
            for label, url, areas in _nav_links(request.script_root)]


@lru_cache(maxsize=8)
def _nav_links(_script_root: str) -> tuple[tuple[str, str, frozenset[str]], ...]:
    """(label, URL, its blueprints) of each area: the URLs depend on nothing but the
    URL map and where the app is mounted (the argument, which keys the cache)."""
    links = []
    for label, ep in NAV_AREAS:
        area = ep.split(".")[0]
        links.append((label, url_for(ep), frozenset({area} | NAV_ALSO.get(area, set()))))
    return tuple(links)


@lru_cache(maxsize=64)
def _static_url(_script_root: str, filename: str) -> str:
    return url_for("static", filename=filename)


def static_url(filename: str) -> str:
    """url_for("static", filename=...), remembered per mount point: a page names a
    handful of stylesheets and scripts, each the same URL every time."""
    return _static_url(request.script_root, filename)


def url_pattern(endpoint: str, key: str = "stakeholder_id", **values) -> tuple[str, str]:
    """(prefix, suffix) of `endpoint`'s URL around its `key` value (a whole number).

    For long lists: two url_for per page, then `prefix ~ id ~ suffix` per row (a
    url_for per row cost more than the rest of the row). The URLs for 1 and 2 differ
    only in that one character, whatever the other values are.
    """
    one = url_for(endpoint, **{key: 1}, **values)
    two = url_for(endpoint, **{key: 2}, **values)
    at = next(i for i, (a, b) in enumerate(zip(one, two, strict=True)) if a != b)
    return one[:at], one[at + 1:]


# Choices of the filter selects that are not plain (value, label) vocabularies.
QUADRANT_CHOICES = tuple((q.key, q.label) for q in ratings.QUADRANTS)
SALIENCE_FILTER_CHOICES = (*((v, text) for v, text, _means in ratings.SALIENCE_CLASSES),
                           ("none", "None (no attribute)"))

_OPTIONS_MAX = 512
_drawn_options: dict[tuple, Markup] = {}


def option_tags(choices, current=None) -> Markup:
    """The <option> elements of `choices` ((value, text) pairs), `current` selected.

    Filter forms draw the same lists (the vocabulary, a district's schools, tags and
    members) on every page, with one value chosen at most. The markup is written by the
    `option_list` macro (_macros/forms.html: escaped like any template output) and
    remembered per choices and chosen value; the choices are the key, so a list that
    changes is drawn afresh.
    """
    key = (tuple(choices), "" if current is None else str(current))
    drawn = _drawn_options.get(key)
    if drawn is None:
        drawn = get_template_attribute("_macros/forms.html", "option_list")(*key)
        if len(_drawn_options) >= _OPTIONS_MAX:
            _drawn_options.clear()
        _drawn_options[key] = drawn
    return drawn


def ago(value: datetime | None) -> str:
    """'3 days ago' style relative time."""
    if value is None:
        return "never"
    seconds = int((datetime.now(UTC) - value).total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"


def _hx_headers() -> dict[str, str]:
    """Headers every htmx request sends: the CSRF token, and the district the page was
    drawn for (a write from a page of a district since switched away from in another
    tab is refused rather than applied to the other district: see auth.guard)."""
    headers = {"X-CSRFToken": generate_csrf()}
    district = g.get("district")
    if district is not None:
        headers[tenancy.DISTRICT_HEADER] = str(district.id)
    return headers


def register_template_helpers(app: Flask) -> None:
    """Make labels, navigation and the htmx CSRF header available to every template."""

    @app.context_processor
    def inject():
        return {
            "vocab": vocab,
            "ratings": ratings,
            "nav_items": _nav_items(),
            "current_district": g.get("district"),
            "current_role": g.get("role"),
            "can_edit": vocab.role_at_least(g.get("role"), "editor"),
            "is_admin": vocab.role_at_least(g.get("role"), "admin"),
            "hx_headers": _hx_headers(),
        }

    app.jinja_env.globals["url_pattern"] = url_pattern
    app.jinja_env.globals["option_tags"] = option_tags
    app.jinja_env.globals["static_url"] = static_url
    app.jinja_env.globals["QUADRANT_CHOICES"] = QUADRANT_CHOICES
    app.jinja_env.globals["SALIENCE_FILTER_CHOICES"] = SALIENCE_FILTER_CHOICES
    app.jinja_env.filters["ago"] = ago
    app.jinja_env.filters["label"] = lambda value, choices: vocab.label(choices, value)
    app.jinja_env.filters["datetime"] = lambda v: v.strftime("%-d %b %Y, %H:%M") if v else ""
    app.jinja_env.filters["date"] = lambda v: v.strftime("%-d %b %Y") if v else ""
