"""Dashboard, the no-district page and the health check."""

import sqlalchemy as sa
from flask import g, render_template

from app.domain import ratings
from app.extensions import db
from app.main import bp
from app.models import AuditEvent, Relationship, Stakeholder
from app.services.audit_view import describe


@bp.get("/healthz")
def health():
    """Liveness check for load balancers (no data, no session)."""
    db.session.execute(sa.text("SELECT 1"))
    return {"status": "ok"}


@bp.get("/no-district")
def no_district():
    """Shown to a signed-in user who belongs to no district yet."""
    return render_template("main/no_district.html")


@bp.get("/")
def dashboard():
    """The district at a glance: who is mapped, where they stand, what changed."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Stakeholder))
    by_group = dict(
        db.session.execute(
            sa.select(Stakeholder.group, sa.func.count()).group_by(Stakeholder.group)
        ).all()
    )
    by_quadrant = dict(
        db.session.execute(
            sa.select(Stakeholder.quadrant, sa.func.count()).group_by(Stakeholder.quadrant)
        ).all()
    )
    by_engagement = dict(
        db.session.execute(
            sa.select(Stakeholder.engagement_current, sa.func.count()).group_by(
                Stakeholder.engagement_current
            )
        ).all()
    )
    relationships = db.session.scalar(sa.select(sa.func.count()).select_from(Relationship))
    recent = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action != "sign_in")
        .order_by(AuditEvent.id.desc()).limit(8)
    ).all()
    return render_template(
        "main/dashboard.html",
        district=g.district,
        total=total,
        relationships=relationships,
        by_group=by_group,
        by_quadrant=by_quadrant,
        by_engagement=by_engagement,
        quadrants=ratings.QUADRANTS,
        recent=describe(recent, g.district.id),
    )
