"""marking guides: criteria, criterion scores, comment bank

Revision ID: 449666eae67e
Revises: 9bbe47229960
Create Date: 2026-12-08 00:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '449666eae67e'
down_revision = '9bbe47229960'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('assignment_criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('student_text', sa.Text(), nullable=False),
    sa.Column('marker_text', sa.Text(), nullable=False),
    sa.Column('max_points', sa.Double(), nullable=False),
    sa.Column('levels', sa.JSON(), nullable=False),
    sa.CheckConstraint('max_points > 0', name='criterion_max_points'),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_assignment_criteria_course_assignment', 'assignment_criteria', ['course_id', 'assignment_id'], unique=False)
    op.create_table('assignment_criterion_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('grade_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Double(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['criterion_id'], ['assignment_criteria.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['grade_id'], ['assignment_grades.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('grade_id', 'criterion_id')
    )
    op.create_index(op.f('ix_assignment_criterion_scores_criterion_id'), 'assignment_criterion_scores', ['criterion_id'], unique=False)
    op.create_index(op.f('ix_assignment_criterion_scores_grade_id'), 'assignment_criterion_scores', ['grade_id'], unique=False)
    op.create_table('assignment_comment_bank',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('uses', sa.Integer(), nullable=False),
    sa.Column('last_used_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['criterion_id'], ['assignment_criteria.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_assignment_comment_bank_criterion_id'), 'assignment_comment_bank', ['criterion_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_assignment_comment_bank_criterion_id'), table_name='assignment_comment_bank')
    op.drop_table('assignment_comment_bank')
    op.drop_index(op.f('ix_assignment_criterion_scores_grade_id'), table_name='assignment_criterion_scores')
    op.drop_index(op.f('ix_assignment_criterion_scores_criterion_id'), table_name='assignment_criterion_scores')
    op.drop_table('assignment_criterion_scores')
    op.drop_index('ix_assignment_criteria_course_assignment', table_name='assignment_criteria')
    op.drop_table('assignment_criteria')
