"""The Engagement card of a stakeholder's profile: last contact, counts, timeline."""

from datetime import date

from flask import render_template, request, url_for

from app.domain.ids import record_id
from app.engagement import bp
from app.engagement.common import fragment, stakeholder_or_404
from app.extensions import db
from app.services import engagement_timeline as timeline_svc
from app.services.clock import today


def _more_url(stakeholder_id: int, more: tuple[date, int] | None) -> str | None:
    if more is None:
        return None
    return url_for("engagement.panel", stakeholder_id=stakeholder_id,
                   before=more[0].isoformat(), before_id=more[1])


def _keyset() -> tuple[date, int] | None:
    try:
        day = date.fromisoformat(request.args.get("before", ""))
    except ValueError:
        return None
    before_id = request.args.get("before_id", type=record_id)
    return (day, before_id) if before_id else None


@bp.get("/panel/<int:stakeholder_id>")
def panel(stakeholder_id: int):
    """A profile's Engagement card; with ?before=... the next interactions of its timeline."""
    s = stakeholder_or_404(stakeholder_id)
    before = _keyset()
    if before is not None:
        rows, more = timeline_svc.timeline_rows(db.session, s.id, before)
        context = {"s": s, "rows": rows, "more_url": _more_url(s.id, more)}
        if fragment() is not None:
            return render_template("engagement/_timeline_rows.html", **context)
        return render_template("engagement/timeline.html", **context)
    view = timeline_svc.timeline(db.session, s, today())
    return render_template("engagement/_panel.html", s=s, view=view,
                           more_url=_more_url(s.id, view.more), today=today())
