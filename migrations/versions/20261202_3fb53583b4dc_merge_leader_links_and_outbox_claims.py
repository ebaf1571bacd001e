"""merge leader links and outbox claims

Revision ID: 3fb53583b4dc
Revises: 07a6c472a92c, 49eeafc0c30f
Create Date: 2026-12-02 00:25:14.720771

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3fb53583b4dc'
down_revision = ('07a6c472a92c', '49eeafc0c30f')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
