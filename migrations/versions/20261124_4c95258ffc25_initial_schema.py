"""initial schema

Revision ID: 4c95258ffc25
Revises:
Create Date: 2026-11-24 00:16:27.411561
"""

import sqlalchemy as sa
from alembic import op

revision = "4c95258ffc25"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "organizations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description_fr", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("city", sa.String(length=120), nullable=False),
        sa.Column("region", sa.String(length=120), nullable=False),
        sa.Column("website", sa.String(length=300), nullable=False),
        sa.Column("prospect_retention_days", sa.Integer(), nullable=False),
        sa.Column("next_agm_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
        sa.UniqueConstraint("slug", name=op.f("uq_organizations_slug")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("session_token", sa.String(length=64), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
        sa.UniqueConstraint("session_token", name=op.f("uq_users_session_token")),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("target_type", sa.String(length=60), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("ip_address", sa.String(length=45), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_audit_events_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_audit_events_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_audit_events_organization_id_created_at",
            ["organization_id", "created_at"],
            unique=False,
        )

    op.create_table(
        "board_competencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("label_en", sa.String(length=200), nullable=False),
        sa.Column("label_fr", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_board_competencies_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_competencies")),
        sa.UniqueConstraint(
            "organization_id", "key", name=op.f("uq_board_competencies_organization_id_key")
        ),
    )
    with op.batch_alter_table("board_competencies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_board_competencies_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("first_name", sa.String(length=120), nullable=False),
        sa.Column("last_name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=50), nullable=False),
        sa.Column("city", sa.String(length=120), nullable=False),
        sa.Column("region", sa.String(length=120), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("headline", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "form",
                "linkedin",
                "json_resume",
                "recruiter",
                "demo",
                name="candidate_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("interested_volunteer", sa.Boolean(), nullable=False),
        sa.Column("interested_staff", sa.Boolean(), nullable=False),
        sa.Column("interested_board", sa.Boolean(), nullable=False),
        sa.Column("hours_per_week", sa.Integer(), nullable=True),
        sa.Column("schedule", sa.JSON(), nullable=False),
        sa.Column("available_from", sa.Date(), nullable=True),
        sa.Column(
            "work_mode",
            sa.Enum(
                "in_person",
                "remote",
                "hybrid",
                "any",
                name="work_mode",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_candidates_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_candidates_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidates")),
    )
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_candidates_email"), ["email"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_candidates_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_candidates_user_id"), ["user_id"], unique=False)

    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "profiles",
                "connections",
                "role",
                name="import_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("consented", sa.Boolean(), nullable=False),
        sa.Column("file_count", sa.Integer(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_import_batches_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_import_batches_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_import_batches_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "admin",
                "recruiter",
                "board_chair",
                "candidate",
                name="invitation_role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_invitations_invited_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_invitations_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitations_token_hash")),
    )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invitations_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "admin",
                "recruiter",
                "board_chair",
                "candidate",
                name="member_role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_memberships_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_memberships_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memberships")),
        sa.UniqueConstraint(
            "user_id", "organization_id", name=op.f("uq_memberships_user_id_organization_id")
        ),
    )
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_memberships_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_memberships_user_id"), ["user_id"], unique=False)

    op.create_table(
        "roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "volunteer",
                "staff",
                "board",
                name="role_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "open",
                "paused",
                "closed",
                name="role_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("type", sa.String(length=100), nullable=False),
        sa.Column("company", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("city", sa.String(length=120), nullable=False),
        sa.Column("region", sa.String(length=120), nullable=False),
        sa.Column(
            "work_mode",
            sa.Enum(
                "in_person",
                "remote",
                "hybrid",
                "any",
                name="role_work_mode",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("hours_per_week", sa.Integer(), nullable=True),
        sa.Column("schedule", sa.JSON(), nullable=False),
        sa.Column("cause", sa.String(length=200), nullable=False),
        sa.Column("experience", sa.String(length=200), nullable=False),
        sa.Column("min_years_experience", sa.Integer(), nullable=True),
        sa.Column("responsibilities", sa.JSON(), nullable=False),
        sa.Column("qualifications", sa.JSON(), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("blind_review", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_roles_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_roles_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roles")),
    )
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_roles_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            "ix_roles_organization_id_status", ["organization_id", "status"], unique=False
        )

    op.create_table(
        "stages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("label_en", sa.String(length=100), nullable=False),
        sa.Column("label_fr", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("is_terminal", sa.Boolean(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_stages_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stages")),
        sa.UniqueConstraint("organization_id", "key", name=op.f("uq_stages_organization_id_key")),
    )
    with op.batch_alter_table("stages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stages_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("stage_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column(
            "not_a_fit_reason",
            sa.Enum(
                "skills",
                "availability",
                "language",
                "location",
                "chose_another",
                "withdrew",
                "other",
                name="not_a_fit_reason",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("not_a_fit_detail", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_applications_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_applications_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["roles.id"],
            name=op.f("fk_applications_role_id_roles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
        sa.UniqueConstraint(
            "role_id", "candidate_id", name=op.f("uq_applications_role_id_candidate_id")
        ),
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_applications_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_applications_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index("ix_applications_role_id_stage", ["role_id", "stage"], unique=False)

    op.create_table(
        "board_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("seat", sa.String(length=120), nullable=False),
        sa.Column(
            "officer_role",
            sa.Enum(
                "none",
                "chair",
                "vice_chair",
                "treasurer",
                "secretary",
                name="officer_role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("committees", sa.JSON(), nullable=False),
        sa.Column("term_start", sa.Date(), nullable=False),
        sa.Column("term_end", sa.Date(), nullable=False),
        sa.Column("term_number", sa.Integer(), nullable=False),
        sa.Column("max_terms", sa.Integer(), nullable=False),
        sa.Column("renewable", sa.Boolean(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_board_members_candidate_id_candidates"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_board_members_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_members")),
    )
    with op.batch_alter_table("board_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_board_members_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "board_services",
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("organization_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=False),
        sa.Column("committee", sa.String(length=200), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("finished_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "form",
                "linkedin",
                "json_resume",
                "recruiter",
                "demo",
                name="profile_item_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_board_services_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_board_services_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_services")),
    )
    with op.batch_alter_table("board_services", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_board_services_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_board_services_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "candidate_causes",
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("cause", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "form",
                "linkedin",
                "json_resume",
                "recruiter",
                "demo",
                name="profile_item_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_candidate_causes_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_candidate_causes_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_causes")),
        sa.UniqueConstraint(
            "candidate_id", "cause", name=op.f("uq_candidate_causes_candidate_id_cause")
        ),
    )
    with op.batch_alter_table("candidate_causes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_candidate_causes_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_candidate_causes_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "candidate_languages",
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=60), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "elementary",
                "limited_working",
                "professional_working",
                "full_professional",
                "native_or_bilingual",
                name="language_level",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "form",
                "linkedin",
                "json_resume",
                "recruiter",
                "demo",
                name="profile_item_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_candidate_languages_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_candidate_languages_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_languages")),
        sa.UniqueConstraint(
            "candidate_id", "language", name=op.f("uq_candidate_languages_candidate_id_language")
        ),
    )
    with op.batch_alter_table("candidate_languages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_candidate_languages_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_candidate_languages_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "candidate_skills",
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("concept_id", sa.String(length=100), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "form",
                "linkedin",
                "json_resume",
                "recruiter",
                "demo",
                name="profile_item_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_candidate_skills_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_candidate_skills_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_skills")),
        sa.UniqueConstraint(
            "candidate_id", "label", name=op.f("uq_candidate_skills_candidate_id_label")
        ),
    )
    with op.batch_alter_table("candidate_skills", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_candidate_skills_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_candidate_skills_concept_id"), ["concept_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_candidate_skills_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "certifications",
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("authority", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "form",
                "linkedin",
                "json_resume",
                "recruiter",
                "demo",
                name="profile_item_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_certifications_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_certifications_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certifications")),
    )
    with op.batch_alter_table("certifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_certifications_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_certifications_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "competency_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("competency_id", sa.Integer(), nullable=False),
        sa.Column("target_count", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["competency_id"],
            ["board_competencies.id"],
            name=op.f("fk_competency_targets_competency_id_board_competencies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_competency_targets_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competency_targets")),
        sa.UniqueConstraint("competency_id", name=op.f("uq_competency_targets_competency_id")),
    )
    with op.batch_alter_table("competency_targets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_competency_targets_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "matching",
                "contact",
                "retention",
                name="consent_purpose",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_consents_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_consents_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_consents_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consents_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_consents_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "educations",
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("school", sa.String(length=200), nullable=False),
        sa.Column("degree", sa.String(length=200), nullable=False),
        sa.Column("field_of_study", sa.String(length=200), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("finished_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "form",
                "linkedin",
                "json_resume",
                "recruiter",
                "demo",
                name="profile_item_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_educations_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_educations_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_educations")),
    )
    with op.batch_alter_table("educations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_educations_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_educations_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "positions",
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("company", sa.String(length=200), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("finished_on", sa.Date(), nullable=True),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("title_concept", sa.String(length=100), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "form",
                "linkedin",
                "json_resume",
                "recruiter",
                "demo",
                name="profile_item_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_positions_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_positions_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_positions")),
    )
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_positions_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_positions_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "role_languages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=60), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "elementary",
                "limited_working",
                "professional_working",
                "full_professional",
                "native_or_bilingual",
                name="role_language_level",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["roles.id"],
            name=op.f("fk_role_languages_role_id_roles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_languages")),
    )
    with op.batch_alter_table("role_languages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_languages_role_id"), ["role_id"], unique=False)

    op.create_table(
        "role_skills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("concept_id", sa.String(length=100), nullable=True),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("level", sa.String(length=60), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["role_id"], ["roles.id"], name=op.f("fk_role_skills_role_id_roles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_skills")),
    )
    with op.batch_alter_table("role_skills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_skills_role_id"), ["role_id"], unique=False)

    op.create_table(
        "volunteering",
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("organization_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("cause", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("finished_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "form",
                "linkedin",
                "json_resume",
                "recruiter",
                "demo",
                name="profile_item_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_volunteering_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_volunteering_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteering")),
    )
    with op.batch_alter_table("volunteering", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_volunteering_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_volunteering_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "member_competencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("competency_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["competency_id"],
            ["board_competencies.id"],
            name=op.f("fk_member_competencies_competency_id_board_competencies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["board_members.id"],
            name=op.f("fk_member_competencies_member_id_board_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_competencies")),
        sa.UniqueConstraint(
            "member_id",
            "competency_id",
            name=op.f("uq_member_competencies_member_id_competency_id"),
        ),
    )
    with op.batch_alter_table("member_competencies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_member_competencies_competency_id"), ["competency_id"], unique=False
        )

    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_notes_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_notes_author_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_notes_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
    )
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notes_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_notes_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "stage_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("from_stage", sa.String(length=40), nullable=True),
        sa.Column("to_stage", sa.String(length=40), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_stage_changes_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["users.id"],
            name=op.f("fk_stage_changes_changed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_changes")),
    )
    with op.batch_alter_table("stage_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stage_changes_application_id"), ["application_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("stage_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stage_changes_application_id"))

    op.drop_table("stage_changes")
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notes_organization_id"))
        batch_op.drop_index(batch_op.f("ix_notes_application_id"))

    op.drop_table("notes")
    with op.batch_alter_table("member_competencies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_competencies_competency_id"))

    op.drop_table("member_competencies")
    with op.batch_alter_table("volunteering", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteering_organization_id"))
        batch_op.drop_index(batch_op.f("ix_volunteering_candidate_id"))

    op.drop_table("volunteering")
    with op.batch_alter_table("role_skills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_skills_role_id"))

    op.drop_table("role_skills")
    with op.batch_alter_table("role_languages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_languages_role_id"))

    op.drop_table("role_languages")
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_positions_organization_id"))
        batch_op.drop_index(batch_op.f("ix_positions_candidate_id"))

    op.drop_table("positions")
    with op.batch_alter_table("educations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_educations_organization_id"))
        batch_op.drop_index(batch_op.f("ix_educations_candidate_id"))

    op.drop_table("educations")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consents_organization_id"))
        batch_op.drop_index(batch_op.f("ix_consents_candidate_id"))

    op.drop_table("consents")
    with op.batch_alter_table("competency_targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_competency_targets_organization_id"))

    op.drop_table("competency_targets")
    with op.batch_alter_table("certifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certifications_organization_id"))
        batch_op.drop_index(batch_op.f("ix_certifications_candidate_id"))

    op.drop_table("certifications")
    with op.batch_alter_table("candidate_skills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidate_skills_organization_id"))
        batch_op.drop_index(batch_op.f("ix_candidate_skills_concept_id"))
        batch_op.drop_index(batch_op.f("ix_candidate_skills_candidate_id"))

    op.drop_table("candidate_skills")
    with op.batch_alter_table("candidate_languages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidate_languages_organization_id"))
        batch_op.drop_index(batch_op.f("ix_candidate_languages_candidate_id"))

    op.drop_table("candidate_languages")
    with op.batch_alter_table("candidate_causes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidate_causes_organization_id"))
        batch_op.drop_index(batch_op.f("ix_candidate_causes_candidate_id"))

    op.drop_table("candidate_causes")
    with op.batch_alter_table("board_services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_board_services_organization_id"))
        batch_op.drop_index(batch_op.f("ix_board_services_candidate_id"))

    op.drop_table("board_services")
    with op.batch_alter_table("board_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_board_members_organization_id"))

    op.drop_table("board_members")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index("ix_applications_role_id_stage")
        batch_op.drop_index(batch_op.f("ix_applications_organization_id"))
        batch_op.drop_index(batch_op.f("ix_applications_candidate_id"))

    op.drop_table("applications")
    with op.batch_alter_table("stages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stages_organization_id"))

    op.drop_table("stages")
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.drop_index("ix_roles_organization_id_status")
        batch_op.drop_index(batch_op.f("ix_roles_organization_id"))

    op.drop_table("roles")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_memberships_user_id"))
        batch_op.drop_index(batch_op.f("ix_memberships_organization_id"))

    op.drop_table("memberships")
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitations_organization_id"))

    op.drop_table("invitations")
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_batches_organization_id"))

    op.drop_table("import_batches")
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidates_user_id"))
        batch_op.drop_index(batch_op.f("ix_candidates_organization_id"))
        batch_op.drop_index(batch_op.f("ix_candidates_email"))

    op.drop_table("candidates")
    with op.batch_alter_table("board_competencies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_board_competencies_organization_id"))

    op.drop_table("board_competencies")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_organization_id_created_at")

    op.drop_table("audit_events")
    op.drop_table("users")
    op.drop_table("organizations")
