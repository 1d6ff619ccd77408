-- AlterTable
ALTER TABLE "MedicalInstitution" ADD COLUMN     "email" TEXT;

-- AlterTable
ALTER TABLE "Notice" ADD COLUMN     "externalQuestion" TEXT,
ADD COLUMN     "forwardable" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Recipient" ADD COLUMN     "forwardingId" TEXT;

-- CreateTable
CREATE TABLE "Forwarding" (
    "id" TEXT NOT NULL,
    "noticeId" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "prefectureCode" TEXT NOT NULL,
    "documentNumber" TEXT,
    "issuedOn" TEXT,
    "coverNote" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Forwarding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ForwardingAttachment" (
    "id" TEXT NOT NULL,
    "forwardingId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,

    CONSTRAINT "ForwardingAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExternalRecipient" (
    "id" TEXT NOT NULL,
    "forwardingId" TEXT NOT NULL,
    "noticeId" TEXT NOT NULL,
    "medicalInstitutionId" TEXT,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "firstViewedAt" TIMESTAMP(3),
    "acknowledgedAt" TIMESTAMP(3),
    "answer" TEXT,
    "answeredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExternalRecipient_pkey" PRIMARY KEY ("id")
);

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

-- CreateIndex
CREATE INDEX "Recipient_forwardingId_idx" ON "Recipient"("forwardingId");

-- AddForeignKey
ALTER TABLE "Recipient" ADD CONSTRAINT "Recipient_forwardingId_fkey" FOREIGN KEY ("forwardingId") REFERENCES "Forwarding"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Forwarding" ADD CONSTRAINT "Forwarding_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Forwarding" ADD CONSTRAINT "Forwarding_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForwardingAttachment" ADD CONSTRAINT "ForwardingAttachment_forwardingId_fkey" FOREIGN KEY ("forwardingId") REFERENCES "Forwarding"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalRecipient" ADD CONSTRAINT "ExternalRecipient_forwardingId_fkey" FOREIGN KEY ("forwardingId") REFERENCES "Forwarding"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalRecipient" ADD CONSTRAINT "ExternalRecipient_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalRecipient" ADD CONSTRAINT "ExternalRecipient_medicalInstitutionId_fkey" FOREIGN KEY ("medicalInstitutionId") REFERENCES "MedicalInstitution"("id") ON DELETE SET NULL ON UPDATE CASCADE;
