"""Concern answers, key messages per audience, the district's glossary, audit by record

Revision ID: 87c680af5c40
Revises: c4f1a8e2d6b7
Create Date: 2026-12-04 18:52:09.270353

Concerns keep the district's answer ("you said, we did"); key messages are written per
audience (a stakeholder group, or everyone); the glossary names the terms the district
has chosen and the phrases to avoid.
"""
from alembic import op
import sqlalchemy as sa


revision = '87c680af5c40'
down_revision = 'c4f1a8e2d6b7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('glossary_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=120), nullable=False),
    sa.Column('meaning', sa.String(length=1000), nullable=False),
    sa.Column('avoid', sa.String(length=500), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('district_id', 'term')
    )
    with op.batch_alter_table('glossary_terms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_glossary_terms_district_id'), ['district_id'], unique=False)

    op.create_table('key_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('audience', sa.String(length=32), nullable=False),
    sa.Column('text', sa.String(length=1000), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('key_messages', schema=None) as batch_op:
        batch_op.create_index('ix_key_messages_district_audience', ['district_id', 'audience', 'position'], unique=False)
        batch_op.create_index(batch_op.f('ix_key_messages_district_id'), ['district_id'], unique=False)

    with op.batch_alter_table('concerns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answer', sa.String(length=2000), server_default='', nullable=False))

    # Who answered a concern is read from its audit history: one record's rows, newest first.
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_record', ['record_type', 'record_id', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_record')

    with op.batch_alter_table('concerns', schema=None) as batch_op:
        batch_op.drop_column('answer')

    with op.batch_alter_table('key_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_key_messages_district_id'))
        batch_op.drop_index('ix_key_messages_district_audience')

    op.drop_table('key_messages')
    with op.batch_alter_table('glossary_terms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_glossary_terms_district_id'))

    op.drop_table('glossary_terms')
