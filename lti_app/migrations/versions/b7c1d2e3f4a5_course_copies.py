"""course copies

Revision ID: b7c1d2e3f4a5
Revises: c25854c48059
Create Date: 2026-11-27 02:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c1d2e3f4a5'
down_revision = 'c25854c48059'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'course_copies',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('course_id', sa.Integer(), nullable=False),
        sa.Column('source_course_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('copied', sa.JSON(), nullable=False),
        sa.Column('decided_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_course_copies_course_id_courses'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_course_copies_decided_by_users'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['source_course_id'], ['courses.id'], name=op.f('fk_course_copies_source_course_id_courses'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_course_copies')),
        sa.UniqueConstraint('course_id', name=op.f('uq_course_copies_course_id')),
    )


def downgrade():
    op.drop_table('course_copies')
