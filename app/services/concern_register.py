"""Reading the concern register and "you said, we did": the district's concerns with
their interaction, who raised them and the district's answer, in a fixed number of
queries per page (never one per row).

The register filters and orders through ix_concerns_district_theme (district, theme,
is_open) and reaches each concern's interaction by its primary key.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import concerns as rules
from app.domain.engagement import names_summary
from app.models import Concern, Interaction, InteractionParticipant, Stakeholder

P = InteractionParticipant
REGISTER_PAGE = 25
NAMES_SHOWN = 3
YOU_SAID_MAX = 300  # answers on one "you said, we did" page
THEMES_MAX = 300


@dataclass
class ConcernRow:
    """One concern as the register shows it."""

    id: int
    theme: str
    text: str
    answer: str
    is_open: bool
    interaction_id: int
    kind: str
    occurred_on: date
    title: str
    raised_by: str = ""  # "Ana, Ben, Cy and 4 more"


@dataclass
class RegisterPage:
    groups: list[rules.ThemeGroup]
    total: int
    page: int
    pages: int


_ROW_COLUMNS = (Concern.id, Concern.theme, Concern.text, Concern.answer, Concern.is_open,
                Concern.interaction_id, Interaction.kind, Interaction.occurred_on,
                Interaction.title)


def _narrowed(query: sa.Select, f: rules.ConcernFilter) -> sa.Select:
    """`query` (over concerns joined to their interaction) narrowed by all but status."""
    if f.theme:
        query = query.where(Concern.theme == f.theme)
    if f.text:
        query = query.where(sa.or_(Concern.text.icontains(f.text, autoescape=True),
                                   Concern.answer.icontains(f.text, autoescape=True)))
    if f.date_from:
        query = query.where(Interaction.occurred_on >= f.date_from)
    if f.date_to:
        query = query.where(Interaction.occurred_on <= f.date_to)
    return query


def _with_status(query: sa.Select, status: str) -> sa.Select:
    if status == "open":
        return query.where(Concern.is_open.is_(True))
    if status == "answered":
        return query.where(Concern.is_open.is_(False))
    if status == "unwritten":
        return query.where(Concern.is_open.is_(False), Concern.answer == "")
    return query


def _joined(*columns) -> sa.Select:
    return sa.select(*columns).join(Interaction, Interaction.id == Concern.interaction_id)


def register_page(session: Session, f: rules.ConcernFilter, page: int) -> RegisterPage:
    """A page of the register: concerns by theme, newest interaction first within one."""
    query = _with_status(_narrowed(_joined(*_ROW_COLUMNS), f), f.status)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // REGISTER_PAGE))
    page = min(max(page, 1), pages)
    offset = (page - 1) * REGISTER_PAGE
    # One more row before the page says whether its first theme began on the page before.
    rows = [ConcernRow(*r) for r in session.execute(
        query.order_by(Concern.theme, Interaction.occurred_on.desc(), Concern.id.desc())
        .limit(REGISTER_PAGE + (1 if offset else 0)).offset(max(offset - 1, 0)))]
    before = rows.pop(0) if offset and rows else None
    _fill_raised_by(session, rows)
    continued = before is not None and bool(rows) and before.theme == rows[0].theme
    return RegisterPage(rules.group_by_theme(rows, continued), total, page, pages)


def rows_by_id(session: Session, concern_ids: list[int]) -> list[ConcernRow]:
    """Register rows for some concerns (one redrawn after a change)."""
    rows = [ConcernRow(*r) for r in session.execute(
        _joined(*_ROW_COLUMNS).where(Concern.id.in_(concern_ids)).order_by(Concern.id))]
    _fill_raised_by(session, rows)
    return rows


def _fill_raised_by(session: Session, rows: list[ConcernRow]) -> None:
    """Who raised each concern: the first names of its interaction's participants (those
    who came, for an event) and how many more. Two queries for the page."""
    ids = sorted({r.interaction_id for r in rows})
    if not ids:
        return
    came = (P.interaction_id.in_(ids), P.attended.is_(True))
    totals = dict(session.execute(sa.select(P.interaction_id, sa.func.count(P.id))
                                  .where(*came).group_by(P.interaction_id)).all())
    ranked = (sa.select(P.interaction_id, Stakeholder.name, sa.func.row_number().over(
        partition_by=P.interaction_id, order_by=(Stakeholder.name_key, Stakeholder.id))
        .label("n")).join(Stakeholder, Stakeholder.id == P.stakeholder_id)
        .where(*came)).subquery()
    names: dict[int, list[str]] = {}
    for iid, name in session.execute(sa.select(ranked.c.interaction_id, ranked.c.name)
                                     .where(ranked.c.n <= NAMES_SHOWN)
                                     .order_by(ranked.c.interaction_id, ranked.c.n)):
        names.setdefault(iid, []).append(name)
    for row in rows:
        row.raised_by = names_summary(names.get(row.interaction_id, []),
                                      totals.get(row.interaction_id, 0), NAMES_SHOWN)


def theme_counts(session: Session, f: rules.ConcernFilter,
                 themes: list[str]) -> dict[str, tuple[int, int]]:
    """{theme: (open, answered)} for `themes`, among concerns matching all but the status
    filter (the headings of a register page)."""
    if not themes:
        return {}
    is_open = Concern.is_open.is_(True)
    query = _narrowed(_joined(Concern.theme, sa.func.sum(sa.case((is_open, 1), else_=0)),
                              sa.func.sum(sa.case((is_open, 0), else_=1))), f)
    return {theme: (int(o or 0), int(a or 0)) for theme, o, a in session.execute(
        query.where(Concern.theme.in_(sorted(set(themes)))).group_by(Concern.theme))}


def any_concerns(session: Session) -> bool:
    """Whether the district has recorded any concern at all."""
    return session.scalar(sa.select(Concern.id).limit(1)) is not None


# --- You said, we did ----------------------------------------------------------------------


@dataclass
class SaidAndDone:
    """One answered concern as the community reads it (no names: it is for sharing)."""

    theme: str
    text: str
    answer: str
    kind: str
    occurred_on: date


@dataclass
class YouSaidWeDid:
    sections: list[rules.Section]
    written: int  # answered with words, in the period
    shown: int
    unwritten: int  # answered without words (not listed)
    open: int


def _in_period(query: sa.Select, p: rules.Period, theme: str) -> sa.Select:
    return _narrowed(query, rules.ConcernFilter(theme=theme, date_from=p.start,
                                                date_to=p.end))


def you_said_we_did(session: Session, p: rules.Period, theme: str = "") -> YouSaidWeDid:
    """Answered concerns of the period with their answers, by theme, and per theme how
    many are still open: two queries, at most YOU_SAID_MAX answers."""
    closed = Concern.is_open.is_(False)
    written = sa.and_(closed, Concern.answer != "")
    count = {name: sa.func.sum(sa.case((cond, 1), else_=0)) for name, cond in (
        ("open", Concern.is_open.is_(True)), ("written", written),
        ("unwritten", sa.and_(closed, Concern.answer == "")))}
    tallies = [rules.ThemeTally(theme_, int(o or 0), int(w or 0), int(u or 0))
               for theme_, o, w, u in session.execute(
                   _in_period(_joined(Concern.theme, *count.values()), p, theme)
                   .group_by(Concern.theme).order_by(Concern.theme).limit(THEMES_MAX))]
    answers = [SaidAndDone(*r) for r in session.execute(
        _in_period(_joined(Concern.theme, Concern.text, Concern.answer, Interaction.kind,
                           Interaction.occurred_on), p, theme).where(written)
        .order_by(Concern.theme, Interaction.occurred_on.desc(), Concern.id.desc())
        .limit(YOU_SAID_MAX))]
    return YouSaidWeDid(rules.sections(tallies, answers),
                        written=sum(t.written for t in tallies), shown=len(answers),
                        unwritten=sum(t.unwritten for t in tallies),
                        open=sum(t.open for t in tallies))
