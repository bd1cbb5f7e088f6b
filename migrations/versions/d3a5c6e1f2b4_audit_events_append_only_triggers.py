"""audit events are append-only in the database too

Triggers refuse any UPDATE or DELETE of an audit_events row, so not only the ORM (which
already refused) but a Core statement or a SQL console can't change the log. A delete
is let through only once the row's district is gone: a district deleted whole cascades
to its rows. The same triggers are created with the table by app/models/audit.py (for a
schema built from the models, as the tests do).

Revision ID: d3a5c6e1f2b4
Revises: e93899d12b55
Create Date: 2026-12-03 13:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd3a5c6e1f2b4'
down_revision = 'e93899d12b55'
branch_labels = None
depends_on = None

MESSAGE = "audit events are append-only"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger "
                   "LANGUAGE plpgsql AS $$ BEGIN "
                   "IF TG_OP = 'DELETE' AND NOT EXISTS "
                   "(SELECT 1 FROM districts WHERE id = OLD.district_id) THEN RETURN OLD; "
                   f"END IF; RAISE EXCEPTION '{MESSAGE}'; END $$")
        op.execute("CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON "
                   "audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()")
    else:
        op.execute("CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
                   f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")
        op.execute("CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
                   "WHEN EXISTS (SELECT 1 FROM districts WHERE id = OLD.district_id) "
                   f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_change ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
