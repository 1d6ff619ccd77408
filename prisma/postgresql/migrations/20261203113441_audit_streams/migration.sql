-- One hash chain per department instead of one global chain (src/lib/server/audit/chain.ts):
-- writers of different departments no longer queue on one head. Existing events stay in the
-- 'global' stream they were chained in.

-- DropIndex
DROP INDEX "AuditEvent_action_seq_idx";

-- DropIndex
DROP INDEX "AuditEvent_actorId_seq_idx";

-- DropIndex
DROP INDEX "AuditEvent_at_idx";

-- DropIndex
DROP INDEX "AuditEvent_seq_key";

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "stream" TEXT NOT NULL DEFAULT 'global';

-- CreateIndex
CREATE INDEX "AuditEvent_seq_idx" ON "AuditEvent"("seq");

-- CreateIndex
CREATE INDEX "AuditEvent_at_id_idx" ON "AuditEvent"("at", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_at_idx" ON "AuditEvent"("actorId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_stream_seq_key" ON "AuditEvent"("stream", "seq");

-- The append-only trigger (20261202150529_audit_chain) also keeps a row's stream: sealing a row
-- written before the chain fills in its chain fields and nothing else.
CREATE OR REPLACE FUNCTION "kairan_audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD."hash" IS NULL AND NEW."hash" IS NOT NULL
        AND OLD."seq" IS NULL AND NEW."seq" IS NOT NULL
        AND (NEW."id", NEW."stream", NEW."at", NEW."actorId", NEW."departmentId", NEW."action",
             NEW."objectType", NEW."objectId", NEW."ip", NEW."before"::text, NEW."after"::text)
            IS NOT DISTINCT FROM
            (OLD."id", OLD."stream", OLD."at", OLD."actorId", OLD."departmentId", OLD."action",
             OLD."objectType", OLD."objectId", OLD."ip", OLD."before"::text, OLD."after"::text) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'AuditEvent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
