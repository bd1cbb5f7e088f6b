"""Indexes for sorting the register by engagement and quadrant in scale order

Revision ID: c4f1a8e2d6b7
Revises: b7e2c4a9d1f3
Create Date: 2026-12-04 16:10:00

Sorting by engagement or quadrant followed the alphabet (leading, neutral, resistant,
...); it now follows the scale, through a CASE expression. These indexes hold the same
expressions (app/models/stakeholder.py: ENGAGEMENT_ORDER, QUADRANT_ORDER), so a sorted
page reads the index in order instead of sorting the district.
"""
from alembic import op
import sqlalchemy as sa


revision = 'c4f1a8e2d6b7'
down_revision = 'b7e2c4a9d1f3'
branch_labels = None
depends_on = None


def _case(column: str, keys: tuple[str, ...]) -> sa.TextClause:
    whens = " ".join(f"WHEN ({column} = '{key}') THEN {i}" for i, key in enumerate(keys))
    return sa.text(f"(CASE {whens} ELSE {len(keys)} END)")


ENGAGEMENT = ("unaware", "resistant", "neutral", "supportive", "leading")
QUADRANTS = ("key_players", "keep_satisfied", "keep_informed", "monitor")


def upgrade():
    op.create_index("ix_stakeholders_district_engagement_order", "stakeholders",
                    ["district_id", _case("engagement_current", ENGAGEMENT), "name_key"])
    op.create_index("ix_stakeholders_district_quadrant_order", "stakeholders",
                    ["district_id", _case("quadrant", QUADRANTS), "name_key"])


def downgrade():
    op.drop_index("ix_stakeholders_district_quadrant_order", table_name="stakeholders")
    op.drop_index("ix_stakeholders_district_engagement_order", table_name="stakeholders")
