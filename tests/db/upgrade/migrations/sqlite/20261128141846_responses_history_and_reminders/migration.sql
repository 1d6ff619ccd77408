-- AlterTable
ALTER TABLE "MedicalInstitution" ADD COLUMN "sourceResponseId" TEXT;

-- AlterTable
ALTER TABLE "Notice" ADD COLUMN "reminderDaysAfter" INTEGER DEFAULT 1;
ALTER TABLE "Notice" ADD COLUMN "reminderDaysBefore" INTEGER DEFAULT 3;

-- CreateTable
CREATE TABLE "ResponseSubmission" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "responseId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "data" JSONB NOT NULL,
    "submittedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedById" TEXT NOT NULL,
    CONSTRAINT "ResponseSubmission_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ResponseSubmission_responseId_number_key" ON "ResponseSubmission"("responseId", "number");
