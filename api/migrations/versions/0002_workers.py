"""Several workers on one database: shared rate-limit buckets, job leases, a once-only first admin.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_buckets",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.Column("allowed", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_rate_buckets_updated_at", "rate_buckets", ["updated_at"])
    op.create_table(
        "bootstrap_marks",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.add_column("jobs", sa.Column("worker_id", sa.String(64), nullable=True))
    op.add_column("jobs", sa.Column("heartbeat_at", sa.DateTime(), nullable=True))
    op.add_column("jobs", sa.Column("exclusive_slot", sa.String(16), nullable=True))
    # One active job per exclusive kind across all workers: NULLs (finished jobs) never collide.
    op.create_index("ux_jobs_exclusive_slot", "jobs", ["exclusive_slot"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_jobs_exclusive_slot", table_name="jobs")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("exclusive_slot")
        batch.drop_column("heartbeat_at")
        batch.drop_column("worker_id")
    op.drop_table("bootstrap_marks")
    op.drop_index("ix_rate_buckets_updated_at", table_name="rate_buckets")
    op.drop_table("rate_buckets")
