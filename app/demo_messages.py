"""The demo districts' key messages per audience and glossary of chosen terms."""

from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.models import GlossaryTerm, KeyMessage
from app.models.messages import EVERYONE

# (term, meaning, phrases to avoid)
GLOSSARY = (
    ("personalized learning",
     "Each student's learning paced and shaped around their strengths, needs and interests, "
     "with the teacher at the centre. Our umbrella term: use it on its own.",
     "customized learning, adaptive learning, individualized learning"),
    ("competency-based learning",
     "Students move on when they show they have mastered a competency, not when the "
     "calendar says so.",
     "mastery-based learning, proficiency-based learning, seat time learning"),
    ("Portrait of a Graduate",
     "The six qualities the community chose for every graduate in 2025.",
     "graduate profile, profile of a graduate"),
    ("work-based learning",
     "Internships, apprenticeships and site visits that earn credit.",
     "vocational training"),
)

# (audience, message) in the order they are shown; EVERYONE is for every audience.
MESSAGES = (
    (EVERYONE, "Personalized learning means every student is known, challenged and supported "
               "to reach our Portrait of a Graduate."),
    (EVERYONE, "Teachers stay at the centre: technology supports their judgement, "
               "it does not replace it."),
    ("parent", "Your child will know exactly what they have mastered and what comes next, "
               "and so will you."),
    ("parent", "Transcripts keep letter grades alongside the competency report, so college "
               "applications are unaffected."),
    ("business", "Work-based learning gives you a pipeline of graduates who can already "
                 "communicate, collaborate and solve real problems."),
    ("business", "An hour a month on the employer advisory board shapes what students learn."),
    ("higher_ed", "Competency-based transcripts come with a one-page guide for admissions "
                  "offices, written with Northern State University."),
    ("elected", "Personalized learning is how the district meets the state's graduate "
                "outcomes without adding seat time."),
    # A draft still using a phrase the glossary avoids, as a real district's would be.
    ("educator", "Individualized learning plans will be co-designed with teachers during "
                 "the spring professional learning days."),
)


def seed_messages(district_id: int, now: datetime) -> dict[str, int]:
    """Add the glossary and key messages to a demo district (bulk, like the rest of the
    demo: the load is audited once, with its counts)."""
    db.session.execute(sa.insert(GlossaryTerm.__table__), [
        {"district_id": district_id, "term": term, "meaning": meaning, "avoid": avoid}
        for term, meaning, avoid in GLOSSARY])
    position: dict[str, int] = {}
    rows = []
    for audience, text in MESSAGES:
        position[audience] = position.get(audience, 0) + 1
        rows.append({"district_id": district_id, "audience": audience, "text": text,
                     "position": position[audience], "updated_at": now})
    db.session.execute(sa.insert(KeyMessage.__table__), rows)
    return {"key_messages": len(MESSAGES), "glossary_terms": len(GLOSSARY)}
