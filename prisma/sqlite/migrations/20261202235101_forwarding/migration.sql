-- AlterTable
ALTER TABLE "MedicalInstitution" ADD COLUMN "email" TEXT;

-- CreateTable
CREATE TABLE "Forwarding" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "noticeId" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "prefectureCode" TEXT NOT NULL,
    "documentNumber" TEXT,
    "issuedOn" TEXT,
    "coverNote" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Forwarding_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Forwarding_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ForwardingAttachment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "forwardingId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    CONSTRAINT "ForwardingAttachment_forwardingId_fkey" FOREIGN KEY ("forwardingId") REFERENCES "Forwarding" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExternalRecipient" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "forwardingId" TEXT NOT NULL,
    "noticeId" TEXT NOT NULL,
    "medicalInstitutionId" TEXT,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "firstViewedAt" DATETIME,
    "acknowledgedAt" DATETIME,
    "answer" TEXT,
    "answeredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExternalRecipient_forwardingId_fkey" FOREIGN KEY ("forwardingId") REFERENCES "Forwarding" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExternalRecipient_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExternalRecipient_medicalInstitutionId_fkey" FOREIGN KEY ("medicalInstitutionId") REFERENCES "MedicalInstitution" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Notice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "currentVersionNumber" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "publishedAt" DATETIME,
    "closedAt" DATETIME,
    "withdrawnAt" DATETIME,
    "withdrawalReason" TEXT,
    "reminderDaysBefore" INTEGER DEFAULT 3,
    "reminderDaysAfter" INTEGER DEFAULT 1,
    "forwardable" BOOLEAN NOT NULL DEFAULT false,
    "externalQuestion" TEXT
);
INSERT INTO "new_Notice" ("closedAt", "createdAt", "createdById", "currentVersionNumber", "id", "publishedAt", "reminderDaysAfter", "reminderDaysBefore", "status", "updatedAt", "withdrawalReason", "withdrawnAt") SELECT "closedAt", "createdAt", "createdById", "currentVersionNumber", "id", "publishedAt", "reminderDaysAfter", "reminderDaysBefore", "status", "updatedAt", "withdrawalReason", "withdrawnAt" FROM "Notice";
DROP TABLE "Notice";
ALTER TABLE "new_Notice" RENAME TO "Notice";
CREATE INDEX "Notice_status_publishedAt_idx" ON "Notice"("status", "publishedAt");
CREATE TABLE "new_Recipient" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "noticeId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "firstViewedAt" DATETIME,
    "firstViewedById" TEXT,
    "forwardingId" TEXT,
    CONSTRAINT "Recipient_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Recipient_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Recipient_forwardingId_fkey" FOREIGN KEY ("forwardingId") REFERENCES "Forwarding" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Recipient" ("departmentId", "firstViewedAt", "firstViewedById", "id", "noticeId") SELECT "departmentId", "firstViewedAt", "firstViewedById", "id", "noticeId" FROM "Recipient";
DROP TABLE "Recipient";
ALTER TABLE "new_Recipient" RENAME TO "Recipient";
CREATE INDEX "Recipient_departmentId_idx" ON "Recipient"("departmentId");
CREATE INDEX "Recipient_forwardingId_idx" ON "Recipient"("forwardingId");
CREATE UNIQUE INDEX "Recipient_noticeId_departmentId_key" ON "Recipient"("noticeId", "departmentId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Forwarding_noticeId_prefectureCode_idx" ON "Forwarding"("noticeId", "prefectureCode");

-- CreateIndex
CREATE INDEX "Forwarding_recipientId_idx" ON "Forwarding"("recipientId");

-- CreateIndex
CREATE UNIQUE INDEX "ForwardingAttachment_forwardingId_position_key" ON "ForwardingAttachment"("forwardingId", "position");

-- CreateIndex
CREATE INDEX "ExternalRecipient_forwardingId_idx" ON "ExternalRecipient"("forwardingId");

-- CreateIndex
CREATE UNIQUE INDEX "ExternalRecipient_noticeId_medicalInstitutionId_key" ON "ExternalRecipient"("noticeId", "medicalInstitutionId");
