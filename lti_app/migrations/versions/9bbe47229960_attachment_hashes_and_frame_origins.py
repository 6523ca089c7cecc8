"""module attachment hashes; extra frame origins of a registration

Revision ID: 9bbe47229960
Revises: 5c1e0a7d9b21
Create Date: 2026-12-08 00:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9bbe47229960'
down_revision = '5c1e0a7d9b21'
branch_labels = None
depends_on = None


def upgrade():
    # Attachments stored before this revision have no recorded hash (NULL):
    # ``storage verify`` checks their size and counts them apart.
    with op.batch_alter_table('module_attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sha256', sa.String(length=64), nullable=True))
    with op.batch_alter_table('platforms', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'frame_origins', sa.Text(), nullable=False, server_default=''))


def downgrade():
    # A plain ALTER (SQLite 3.35+ drops columns itself): batch mode would rebuild
    # ``platforms`` by dropping it, and with foreign keys on that deletes every
    # course of every platform.
    op.drop_column('platforms', 'frame_origins')
    op.drop_column('module_attachments', 'sha256')
