"""lti observations for the diagnostic page

Revision ID: b7d2e41c9a10
Revises: 165bef4decff
Create Date: 2026-11-27 02:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d2e41c9a10'
down_revision = '165bef4decff'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'lti_observations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('platform_id', sa.Integer(), nullable=True),
        sa.Column('issuer', sa.String(length=255), nullable=True),
        sa.Column('client_id', sa.String(length=255), nullable=True),
        sa.Column('reason', sa.String(length=64), nullable=True),
        sa.Column('clock_skew', sa.Float(), nullable=True),
        sa.Column('cookie_kept', sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lti_observations')),
    )
    with op.batch_alter_table('lti_observations', schema=None) as batch_op:
        batch_op.create_index('ix_lti_observations_kind_id', ['kind', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lti_observations_platform_id'), ['platform_id'], unique=False)


def downgrade():
    with op.batch_alter_table('lti_observations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lti_observations_platform_id'))
        batch_op.drop_index('ix_lti_observations_kind_id')
    op.drop_table('lti_observations')
