"""Merge the two schema branches made in parallel: users' leader links and the outbox claims' lock tenure.

Neither changes a table the other touches, so the merge itself changes nothing.

Revision ID: 3fb53583b4dc
Revises: 07a6c472a92c, 49eeafc0c30f
Create Date: 2026-12-02 00:25:14.720771

"""

# revision identifiers, used by Alembic.
revision = "3fb53583b4dc"
down_revision = ("07a6c472a92c", "49eeafc0c30f")
branch_labels = None
depends_on = None


def upgrade():
    """Nothing to change: both parents' changes stand as they are."""


def downgrade():
    """Nothing to undo."""
