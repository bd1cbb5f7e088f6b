"""The members filter of a list's page (status, owner) as SQL: for the count sent with a
row changed in place, and for the export of only the members a filtered page shows.

The page itself reads its members through services.outreach_views.member_page, which
builds the same conditions: a change to the filter changes both.
"""

import sqlalchemy as sa

from app.extensions import db
from app.models import OutreachMember, Stakeholder
from app.services import outreach_views as views


def member_where(list_id: int, mf: views.MemberFilter) -> list:
    """The conditions on OutreachMember for the list's members the filter shows."""
    where = [OutreachMember.list_id == list_id]
    if mf.status:
        where.append(OutreachMember.status == mf.status)
    if mf.owner == views.OWNER_NONE:
        where.append(OutreachMember.owner_id.is_(None))
    elif mf.owner:
        where.append(OutreachMember.owner_id == int(mf.owner))
    return where


def member_count(list_id: int, mf: views.MemberFilter) -> int:
    """How many members the filter shows (the page's count), without reading a page."""
    return db.session.scalar(sa.select(sa.func.count(OutreachMember.id))
                             .where(*member_where(list_id, mf))) or 0


def exportable_count(list_id: int, mf: views.MemberFilter) -> int:
    """How many of them a filtered export holds: those who may be contacted."""
    return db.session.scalar(
        sa.select(sa.func.count(OutreachMember.id))
        .join(Stakeholder, Stakeholder.id == OutreachMember.stakeholder_id)
        .where(*member_where(list_id, mf), Stakeholder.contact_permitted.is_(True))) or 0
