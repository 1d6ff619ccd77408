-- AlterTable
ALTER TABLE "MedicalInstitution" ADD COLUMN     "sourceResponseId" TEXT;

-- AlterTable
ALTER TABLE "Notice" ADD COLUMN     "reminderDaysAfter" INTEGER DEFAULT 1,
ADD COLUMN     "reminderDaysBefore" INTEGER DEFAULT 3;

-- CreateTable
CREATE TABLE "ResponseSubmission" (
    "id" TEXT NOT NULL,
    "responseId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "data" JSONB NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedById" TEXT NOT NULL,

    CONSTRAINT "ResponseSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ResponseSubmission_responseId_number_key" ON "ResponseSubmission"("responseId", "number");

-- AddForeignKey
ALTER TABLE "ResponseSubmission" ADD CONSTRAINT "ResponseSubmission_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response"("id") ON DELETE CASCADE ON UPDATE CASCADE;
