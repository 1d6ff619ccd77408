-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "departmentId" TEXT,
ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prevHash" TEXT,
ADD COLUMN     "seq" INTEGER;

-- CreateTable
CREATE TABLE "AuditChainHead" (
    "stream" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditChainHead_pkey" PRIMARY KEY ("stream")
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_seq_key" ON "AuditEvent"("seq");

-- CreateIndex
CREATE INDEX "AuditEvent_action_seq_idx" ON "AuditEvent"("action", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_seq_idx" ON "AuditEvent"("actorId", "seq");

-- Append-only audit trail (written by hand: the Prisma schema does not describe triggers, so the
-- drift test ignores them). UPDATE, DELETE and TRUNCATE of "AuditEvent" raise, with one
-- exception: a row written before the chain existed (hash IS NULL) may have exactly its chain
-- fields filled in once, by the start-up step that seals such rows.
CREATE FUNCTION "kairan_audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD."hash" IS NULL AND NEW."hash" IS NOT NULL
        AND OLD."seq" IS NULL AND NEW."seq" IS NOT NULL
        AND (NEW."id", NEW."at", NEW."actorId", NEW."departmentId", NEW."action", NEW."objectType",
             NEW."objectId", NEW."ip", NEW."before"::text, NEW."after"::text)
            IS NOT DISTINCT FROM
            (OLD."id", OLD."at", OLD."actorId", OLD."departmentId", OLD."action", OLD."objectType",
             OLD."objectId", OLD."ip", OLD."before"::text, OLD."after"::text) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'AuditEvent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER "AuditEvent_append_only"
    BEFORE UPDATE OR DELETE ON "AuditEvent"
    FOR EACH ROW EXECUTE FUNCTION "kairan_audit_event_append_only"();

CREATE TRIGGER "AuditEvent_no_truncate"
    BEFORE TRUNCATE ON "AuditEvent"
    FOR EACH STATEMENT EXECUTE FUNCTION "kairan_audit_event_append_only"();
