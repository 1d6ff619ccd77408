-- One hash chain per department instead of one global chain (src/lib/server/audit/chain.ts):
-- writers of different departments no longer queue on one head. Written by hand rather than
-- Prisma's table redefinition, which would copy the whole trail: existing events stay where
-- they are, in the 'global' stream they were chained in.

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "stream" TEXT NOT NULL DEFAULT 'global';

-- DropIndex
DROP INDEX "AuditEvent_action_seq_idx";

-- DropIndex
DROP INDEX "AuditEvent_actorId_seq_idx";

-- DropIndex
DROP INDEX "AuditEvent_at_idx";

-- DropIndex
DROP INDEX "AuditEvent_seq_key";

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
