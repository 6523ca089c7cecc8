"""assignment grades and releases

Revision ID: 5c1e0a7d9b21
Revises: 1b7f3b1a772d
Create Date: 2026-11-27 02:35:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1e0a7d9b21'
down_revision = '1b7f3b1a772d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('assignment_grades',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Double(), nullable=True),
    sa.Column('feedback', sa.Text(), nullable=False),
    sa.Column('feedback_key', sa.String(length=200), nullable=True),
    sa.Column('feedback_filename', sa.String(length=255), nullable=True),
    sa.Column('feedback_size', sa.Integer(), nullable=True),
    sa.Column('feedback_sha256', sa.String(length=64), nullable=True),
    sa.Column('feedback_kind', sa.String(length=10), nullable=True),
    sa.Column('graded_by', sa.Integer(), nullable=True),
    sa.Column('graded_at', sa.DateTime(), nullable=True),
    sa.Column('released_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['graded_by'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('assignment_id', 'user_id')
    )
    op.create_index('ix_assignment_grades_course_assignment', 'assignment_grades', ['course_id', 'assignment_id'], unique=False)
    op.create_table('assignment_grade_releases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('released_by', sa.Integer(), nullable=True),
    sa.Column('released_at', sa.DateTime(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('revealed_identities', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['released_by'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_assignment_grade_releases_assignment_id'), 'assignment_grade_releases', ['assignment_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_assignment_grade_releases_assignment_id'), table_name='assignment_grade_releases')
    op.drop_table('assignment_grade_releases')
    op.drop_index('ix_assignment_grades_course_assignment', table_name='assignment_grades')
    op.drop_table('assignment_grades')
