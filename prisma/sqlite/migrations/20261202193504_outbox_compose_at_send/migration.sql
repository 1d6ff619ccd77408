-- DropIndex
DROP INDEX "Acknowledgment_versionNumber_createdAt_idx";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Mail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dedupeKey" TEXT NOT NULL,
    "recipientId" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'publication',
    "versionNumber" INTEGER,
    "toAddresses" TEXT NOT NULL,
    "subject" TEXT,
    "text" TEXT,
    "html" TEXT,
    "details" JSONB,
    "occasion" TEXT,
    "claimedBy" TEXT,
    "replyTo" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "messageId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    CONSTRAINT "Mail_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Mail" ("attempts", "createdAt", "dedupeKey", "html", "id", "kind", "lastError", "messageId", "nextAttemptAt", "recipientId", "replyTo", "sentAt", "status", "subject", "text", "toAddresses", "versionNumber") SELECT "attempts", "createdAt", "dedupeKey", "html", "id", "kind", "lastError", "messageId", "nextAttemptAt", "recipientId", "replyTo", "sentAt", "status", "subject", "text", "toAddresses", "versionNumber" FROM "Mail";
DROP TABLE "Mail";
ALTER TABLE "new_Mail" RENAME TO "Mail";
CREATE UNIQUE INDEX "Mail_dedupeKey_key" ON "Mail"("dedupeKey");
CREATE INDEX "Mail_status_nextAttemptAt_idx" ON "Mail"("status", "nextAttemptAt");
CREATE INDEX "Mail_recipientId_idx" ON "Mail"("recipientId");
CREATE INDEX "Mail_occasion_status_idx" ON "Mail"("occasion", "status");
CREATE INDEX "Mail_claimedBy_idx" ON "Mail"("claimedBy");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Acknowledgment_recipientId_versionNumber_createdAt_idx" ON "Acknowledgment"("recipientId", "versionNumber", "createdAt");
