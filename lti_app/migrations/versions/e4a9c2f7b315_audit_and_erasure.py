"""audit trail and erased people

Revision ID: e4a9c2f7b315
Revises: 123a8b4ad361
Create Date: 2026-12-08 00:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4a9c2f7b315'
down_revision = '123a8b4ad361'
branch_labels = None
depends_on = None


def upgrade():
    # No foreign keys: a deleted course or person must never rewrite the record.
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('platform_id', sa.Integer(), nullable=True),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_role', sa.String(length=20), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('subject_user_id', sa.Integer(), nullable=True),
    sa.Column('target_kind', sa.String(length=20), nullable=True),
    sa.Column('target_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entries_course', ['course_id', 'id'], unique=False)
        batch_op.create_index('ix_audit_entries_platform', ['platform_id', 'id'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(), nullable=True))


def downgrade():
    # A plain ALTER: batch mode would rebuild ``users`` by dropping it, and with
    # foreign keys on that deletes every membership.
    op.drop_column('users', 'erased_at')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_platform')
        batch_op.drop_index('ix_audit_entries_course')
    op.drop_table('audit_entries')
