"""csv imports: a state (open, adding, added, discarded), since when, and the outcome

Adding the rows first claims the import (open -> adding) with one conditional UPDATE, so
two requests (two tabs, a double click) cannot both add them; an added or discarded
import keeps its record, without the file, so coming back to it says what happened.

Revision ID: b7e2c4a9d1f3
Revises: 90711b6ef2ae
Create Date: 2026-12-04 13:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b7e2c4a9d1f3'
down_revision = '90711b6ef2ae'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('csv_imports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state', sa.String(length=10), server_default='open',
                                      nullable=False))
        batch_op.add_column(sa.Column('state_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('outcome', sa.String(length=300), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('added_tag_id', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('csv_imports', schema=None) as batch_op:
        batch_op.drop_column('added_tag_id')
        batch_op.drop_column('outcome')
        batch_op.drop_column('state_at')
        batch_op.drop_column('state')
