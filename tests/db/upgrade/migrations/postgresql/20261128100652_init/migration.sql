-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Organization" (
    "id" TEXT NOT NULL,
    "localGovernmentCode" TEXT,
    "kind" TEXT NOT NULL,
    "prefectureCode" TEXT,
    "name" TEXT NOT NULL,
    "nameKana" TEXT NOT NULL,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Department" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "function" TEXT NOT NULL,

    CONSTRAINT "Department_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DepartmentEmail" (
    "id" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "address" TEXT NOT NULL,

    CONSTRAINT "DepartmentEmail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "departmentId" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'ja',
    "totpKey" BYTEA,
    "disabledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "secretHash" BYTEA NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "absoluteExpiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notice" (
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "currentVersionNumber" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "publishedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "withdrawnAt" TIMESTAMP(3),
    "withdrawalReason" TEXT,

    CONSTRAINT "Notice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NoticeIssuer" (
    "noticeId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "NoticeIssuer_pkey" PRIMARY KEY ("noticeId","departmentId")
);

-- CreateTable
CREATE TABLE "NoticeVersion" (
    "id" TEXT NOT NULL,
    "noticeId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "noticeType" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "documentNumber" TEXT,
    "issuedOn" TEXT NOT NULL,
    "addresseeLines" JSONB NOT NULL,
    "addresseeRule" JSONB NOT NULL,
    "preamble" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "contacts" JSONB NOT NULL,
    "references" JSONB NOT NULL,
    "deadline" TEXT,
    "correctionReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMP(3),
    "publishedById" TEXT,

    CONSTRAINT "NoticeVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Recipient" (
    "id" TEXT NOT NULL,
    "noticeId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "firstViewedAt" TIMESTAMP(3),
    "firstViewedById" TEXT,

    CONSTRAINT "Recipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Acknowledgment" (
    "id" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "versionNumber" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Acknowledgment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResponseItem" (
    "id" TEXT NOT NULL,
    "noticeId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "functions" JSONB NOT NULL,
    "deadline" TEXT,

    CONSTRAINT "ResponseItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Response" (
    "id" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "responseItemId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "data" JSONB NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3),

    CONSTRAINT "Response_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MedicalInstitution" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "prefectureCode" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "institutionCode" TEXT,
    "municipality" TEXT NOT NULL,
    "accepts24Hours" BOOLEAN NOT NULL DEFAULT false,
    "collectsEvidence" BOOLEAN NOT NULL DEFAULT false,
    "emergencyContraception" BOOLEAN NOT NULL DEFAULT false,
    "housesCenter" BOOLEAN NOT NULL DEFAULT false,
    "contact" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MedicalInstitution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MedicalInstitutionClinicalDepartment" (
    "institutionId" TEXT NOT NULL,
    "clinicalDepartment" TEXT NOT NULL,

    CONSTRAINT "MedicalInstitutionClinicalDepartment_pkey" PRIMARY KEY ("institutionId","clinicalDepartment")
);

-- CreateTable
CREATE TABLE "GrantLine" (
    "id" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "subsidyRateNumerator" INTEGER NOT NULL,
    "subsidyRateDenominator" INTEGER NOT NULL,

    CONSTRAINT "GrantLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Mail" (
    "id" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "recipientId" TEXT,
    "toAddresses" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "messageId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "Mail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "objectId" TEXT,
    "ip" TEXT,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Organization_localGovernmentCode_key" ON "Organization"("localGovernmentCode");

-- CreateIndex
CREATE INDEX "Organization_prefectureCode_kind_idx" ON "Organization"("prefectureCode", "kind");

-- CreateIndex
CREATE INDEX "Organization_kind_idx" ON "Organization"("kind");

-- CreateIndex
CREATE INDEX "Department_function_idx" ON "Department"("function");

-- CreateIndex
CREATE UNIQUE INDEX "Department_organizationId_function_name_key" ON "Department"("organizationId", "function", "name");

-- CreateIndex
CREATE UNIQUE INDEX "DepartmentEmail_departmentId_address_key" ON "DepartmentEmail"("departmentId", "address");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_departmentId_idx" ON "User"("departmentId");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Notice_status_publishedAt_idx" ON "Notice"("status", "publishedAt");

-- CreateIndex
CREATE INDEX "NoticeIssuer_departmentId_idx" ON "NoticeIssuer"("departmentId");

-- CreateIndex
CREATE UNIQUE INDEX "NoticeVersion_noticeId_number_key" ON "NoticeVersion"("noticeId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Attachment_versionId_position_key" ON "Attachment"("versionId", "position");

-- CreateIndex
CREATE INDEX "Recipient_departmentId_idx" ON "Recipient"("departmentId");

-- CreateIndex
CREATE UNIQUE INDEX "Recipient_noticeId_departmentId_key" ON "Recipient"("noticeId", "departmentId");

-- CreateIndex
CREATE INDEX "Acknowledgment_versionNumber_createdAt_idx" ON "Acknowledgment"("versionNumber", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Acknowledgment_recipientId_versionNumber_key" ON "Acknowledgment"("recipientId", "versionNumber");

-- CreateIndex
CREATE UNIQUE INDEX "ResponseItem_noticeId_number_key" ON "ResponseItem"("noticeId", "number");

-- CreateIndex
CREATE INDEX "Response_responseItemId_status_idx" ON "Response"("responseItemId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Response_recipientId_responseItemId_key" ON "Response"("recipientId", "responseItemId");

-- CreateIndex
CREATE INDEX "MedicalInstitution_prefectureCode_idx" ON "MedicalInstitution"("prefectureCode");

-- CreateIndex
CREATE INDEX "MedicalInstitution_institutionCode_idx" ON "MedicalInstitution"("institutionCode");

-- CreateIndex
CREATE INDEX "MedicalInstitution_organizationId_name_municipality_idx" ON "MedicalInstitution"("organizationId", "name", "municipality");

-- CreateIndex
CREATE INDEX "MedicalInstitutionClinicalDepartment_clinicalDepartment_idx" ON "MedicalInstitutionClinicalDepartment"("clinicalDepartment");

-- CreateIndex
CREATE UNIQUE INDEX "GrantLine_fiscalYear_code_key" ON "GrantLine"("fiscalYear", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Mail_dedupeKey_key" ON "Mail"("dedupeKey");

-- CreateIndex
CREATE INDEX "Mail_status_nextAttemptAt_idx" ON "Mail"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Mail_recipientId_idx" ON "Mail"("recipientId");

-- CreateIndex
CREATE INDEX "AuditEvent_objectType_objectId_idx" ON "AuditEvent"("objectType", "objectId");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- AddForeignKey
ALTER TABLE "Department" ADD CONSTRAINT "Department_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DepartmentEmail" ADD CONSTRAINT "DepartmentEmail_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeIssuer" ADD CONSTRAINT "NoticeIssuer_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeIssuer" ADD CONSTRAINT "NoticeIssuer_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeVersion" ADD CONSTRAINT "NoticeVersion_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "NoticeVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recipient" ADD CONSTRAINT "Recipient_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recipient" ADD CONSTRAINT "Recipient_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Acknowledgment" ADD CONSTRAINT "Acknowledgment_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Acknowledgment" ADD CONSTRAINT "Acknowledgment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponseItem" ADD CONSTRAINT "ResponseItem_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_responseItemId_fkey" FOREIGN KEY ("responseItemId") REFERENCES "ResponseItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MedicalInstitutionClinicalDepartment" ADD CONSTRAINT "MedicalInstitutionClinicalDepartment_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "MedicalInstitution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mail" ADD CONSTRAINT "Mail_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient"("id") ON DELETE SET NULL ON UPDATE CASCADE;
