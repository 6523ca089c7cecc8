"""course retention: how long submitted and feedback files are kept

Revision ID: 123a8b4ad361
Revises: 449666eae67e
Create Date: 2026-12-08 00:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '123a8b4ad361'
down_revision = '449666eae67e'
branch_labels = None
depends_on = None


# Plain ALTER TABLE, never batch mode: on SQLite a batch rebuilds ``courses`` by
# dropping it, and with foreign keys on, that cascades to every course's rows.
# SQLite 3.35 and later drop a column in place.


def upgrade():
    # None: the platform's default (CARTABLE_RETENTION_DAYS).
    op.add_column('courses', sa.Column('retention_days', sa.Integer(), nullable=True))


def downgrade():
    op.drop_column('courses', 'retention_days')
