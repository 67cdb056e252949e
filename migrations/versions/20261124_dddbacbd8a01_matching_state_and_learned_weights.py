"""matching state and learned weights

Revision ID: dddbacbd8a01
Revises: 4c95258ffc25
Create Date: 2026-11-24 00:41:41.803503
"""

import sqlalchemy as sa
from alembic import op

revision = "dddbacbd8a01"
down_revision = "4c95258ffc25"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "learned_weights",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "volunteer",
                "staff",
                "board",
                name="learned_role_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("proposed", sa.JSON(), nullable=False),
        sa.Column("previous", sa.JSON(), nullable=False),
        sa.Column("decision_count", sa.Integer(), nullable=False),
        sa.Column("evaluation", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_learned_weights_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_learned_weights_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learned_weights")),
        sa.UniqueConstraint(
            "organization_id", "kind", name=op.f("uq_learned_weights_organization_id_kind")
        ),
    )
    with op.batch_alter_table("learned_weights", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_learned_weights_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "matching_states",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_candidate_ids", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_matching_states_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matching_states")),
        sa.UniqueConstraint("organization_id", name=op.f("uq_matching_states_organization_id")),
    )
    with op.batch_alter_table("matching_states", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_matching_states_organization_id"), ["organization_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("matching_states", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_matching_states_organization_id"))

    op.drop_table("matching_states")
    with op.batch_alter_table("learned_weights", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_learned_weights_organization_id"))

    op.drop_table("learned_weights")
