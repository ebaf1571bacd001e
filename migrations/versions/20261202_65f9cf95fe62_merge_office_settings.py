"""Merge the office settings (the office's county) with the leader links and outbox claims made in parallel.

Neither side changes a table the other touches, so the merge itself changes nothing.

Revision ID: 65f9cf95fe62
Revises: 3fb53583b4dc, 724c4fa439ab
Create Date: 2026-12-02 00:50:00

"""

# revision identifiers, used by Alembic.
revision = "65f9cf95fe62"
down_revision = ("3fb53583b4dc", "724c4fa439ab")
branch_labels = None
depends_on = None


def upgrade():
    """Nothing to change: both parents' changes stand as they are."""


def downgrade():
    """Nothing to undo."""
