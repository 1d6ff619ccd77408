-- DropIndex
DROP INDEX "Acknowledgment_versionNumber_createdAt_idx";

-- AlterTable
ALTER TABLE "Mail" ADD COLUMN     "claimedBy" TEXT,
ADD COLUMN     "details" JSONB,
ADD COLUMN     "occasion" TEXT,
ALTER COLUMN "subject" DROP NOT NULL,
ALTER COLUMN "text" DROP NOT NULL,
ALTER COLUMN "html" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "Acknowledgment_recipientId_versionNumber_createdAt_idx" ON "Acknowledgment"("recipientId", "versionNumber", "createdAt");

-- CreateIndex
CREATE INDEX "Mail_occasion_status_idx" ON "Mail"("occasion", "status");

-- CreateIndex
CREATE INDEX "Mail_claimedBy_idx" ON "Mail"("claimedBy");
