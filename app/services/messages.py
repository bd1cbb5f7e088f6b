"""Key messages and the glossary: loading them in order, adding, moving, and the few
messages a stakeholder's profile shows."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import glossary
from app.domain.text import fold
from app.domain.vocab import GROUPS
from app.models import GlossaryTerm, KeyMessage
from app.models.messages import EVERYONE
from app.tenancy import district_param

# Every audience a message can have, in the order the page shows them.
AUDIENCES = ((EVERYONE, "Everyone"), *GROUPS)
AUDIENCE_LABELS = dict(AUDIENCES)
PROFILE_LIMIT = 5  # messages on a stakeholder's profile; the rest are a link away


@dataclass
class AudienceSection:
    """One audience's messages, in order."""

    key: str
    label: str
    messages: list[KeyMessage] = field(default_factory=list)


# ---------------------------------------------------------------- glossary


def glossary_terms(session: Session) -> list[GlossaryTerm]:
    """The district's terms, alphabetically (case and accents ignored)."""
    terms = session.scalars(sa.select(GlossaryTerm)).all()
    return sorted(terms, key=lambda t: (fold(t.term), t.id))


def as_domain(terms: list[GlossaryTerm]) -> tuple[glossary.Term, ...]:
    """The terms as the wording check reads them."""
    return tuple(glossary.Term(t.term, glossary.parse_avoid(t.avoid)) for t in terms)


def checker_terms(session: Session) -> tuple[glossary.Term, ...]:
    """The district's glossary for checking a text (one query)."""
    rows = session.execute(sa.select(GlossaryTerm.term, GlossaryTerm.avoid)
                           .order_by(GlossaryTerm.id)).all()
    return tuple(glossary.Term(term, glossary.parse_avoid(avoid)) for term, avoid in rows)


# ---------------------------------------------------------------- key messages


def sections(session: Session, audience: str | None = None) -> list[AudienceSection]:
    """The audiences that have messages (or the one asked for), Everyone first, then the
    groups in their usual order; each with its messages in order."""
    statement = sa.select(KeyMessage).order_by(KeyMessage.position, KeyMessage.id)
    if audience:
        statement = statement.where(KeyMessage.audience == audience)
    by_audience: dict[str, list[KeyMessage]] = {}
    for m in session.scalars(statement):
        by_audience.setdefault(m.audience, []).append(m)
    found = [AudienceSection(key, label, by_audience.pop(key, []))
             for key, label in AUDIENCES if key in by_audience or key == audience]
    # Messages for an audience no longer in the vocabulary still show, last.
    found += [AudienceSection(key, key, ms) for key, ms in sorted(by_audience.items())]
    return found


def audience_messages(session: Session, audience: str) -> list[KeyMessage]:
    return list(session.scalars(sa.select(KeyMessage).where(KeyMessage.audience == audience)
                                .order_by(KeyMessage.position, KeyMessage.id)))


def section(session: Session, audience: str) -> AudienceSection:
    return AudienceSection(audience, AUDIENCE_LABELS.get(audience, audience),
                           audience_messages(session, audience))


def next_position(session: Session, audience: str) -> int:
    last = session.scalar(sa.select(sa.func.max(KeyMessage.position))
                          .where(KeyMessage.audience == audience))
    return 0 if last is None else last + 1


def add_message(session: Session, audience: str, text: str) -> KeyMessage:
    """A new message, last of its audience."""
    message = KeyMessage(audience=audience, text=text,
                         position=next_position(session, audience))
    session.add(message)
    session.flush()
    return message


def update_message(session: Session, message: KeyMessage, audience: str, text: str) -> bool:
    """Save new wording (and audience: the message goes last in its new audience).
    True when the audience changed."""
    moved = audience != message.audience
    if moved:
        message.position = next_position(session, audience)
        message.audience = audience
    message.text = text
    session.flush()
    return moved


def move(session: Session, message: KeyMessage, direction: str) -> bool:
    """Move a message one place up or down within its audience; its audience's positions
    are renumbered 0, 1, 2... False when it is already first (last)."""
    ordered = audience_messages(session, message.audience)
    at = ordered.index(message)
    to = at - 1 if direction == "up" else at + 1
    if not 0 <= to < len(ordered):
        return False
    ordered[at], ordered[to] = ordered[to], ordered[at]
    for position, m in enumerate(ordered):
        if m.position != position:
            m.position = position
    session.flush()
    return True


@dataclass(frozen=True, slots=True)
class ProfileMessage:
    """A message as a stakeholder's profile shows it."""

    id: int
    audience: str
    text: str


_KM = KeyMessage.__table__.c
_FOR_PROFILE = (
    sa.select(_KM.id, _KM.audience, _KM.text)
    .where(_KM.district_id == sa.bindparam("district_id"),
           _KM.audience.in_([sa.bindparam("group"), EVERYONE]))
    # The group's own messages first, then the ones for everyone.
    .order_by(sa.case((_KM.audience == EVERYONE, 1), else_=0), _KM.position, _KM.id)
    .limit(sa.bindparam("limit"))
)


def profile_messages(session: Session, group: str) -> tuple[list[ProfileMessage], bool]:
    """The first messages for `group` and for everyone, and whether there are more: one
    indexed query, run as Core (the profile page is read often)."""
    rows = session.connection().execute(_FOR_PROFILE, {
        "district_id": district_param(), "group": group, "limit": PROFILE_LIMIT + 1}).all()
    return [ProfileMessage(*row) for row in rows[:PROFILE_LIMIT]], len(rows) > PROFILE_LIMIT
