-- CreateTable
CREATE TABLE "Organization" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "localGovernmentCode" TEXT,
    "kind" TEXT NOT NULL,
    "prefectureCode" TEXT,
    "name" TEXT NOT NULL,
    "nameKana" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Department" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "function" TEXT NOT NULL,
    CONSTRAINT "Department_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DepartmentEmail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "departmentId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    CONSTRAINT "DepartmentEmail_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "departmentId" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'ja',
    "totpKey" BLOB,
    "disabledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "User_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "secretHash" BLOB NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "absoluteExpiresAt" DATETIME NOT NULL,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Notice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "currentVersionNumber" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "publishedAt" DATETIME,
    "closedAt" DATETIME,
    "withdrawnAt" DATETIME,
    "withdrawalReason" TEXT
);

-- CreateTable
CREATE TABLE "NoticeIssuer" (
    "noticeId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("noticeId", "departmentId"),
    CONSTRAINT "NoticeIssuer_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NoticeIssuer_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NoticeVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" DATETIME,
    "publishedById" TEXT,
    CONSTRAINT "NoticeVersion_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "versionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    CONSTRAINT "Attachment_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "NoticeVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Recipient" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "noticeId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "firstViewedAt" DATETIME,
    "firstViewedById" TEXT,
    CONSTRAINT "Recipient_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Recipient_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Acknowledgment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "recipientId" TEXT NOT NULL,
    "versionNumber" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Acknowledgment_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Acknowledgment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ResponseItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "noticeId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "functions" JSONB NOT NULL,
    "deadline" TEXT,
    CONSTRAINT "ResponseItem_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Response" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "recipientId" TEXT NOT NULL,
    "responseItemId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "data" JSONB NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL,
    "updatedById" TEXT NOT NULL,
    "submittedAt" DATETIME,
    CONSTRAINT "Response_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Response_responseItemId_fkey" FOREIGN KEY ("responseItemId") REFERENCES "ResponseItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MedicalInstitution" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MedicalInstitutionClinicalDepartment" (
    "institutionId" TEXT NOT NULL,
    "clinicalDepartment" TEXT NOT NULL,

    PRIMARY KEY ("institutionId", "clinicalDepartment"),
    CONSTRAINT "MedicalInstitutionClinicalDepartment_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "MedicalInstitution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GrantLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "fiscalYear" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "subsidyRateNumerator" INTEGER NOT NULL,
    "subsidyRateDenominator" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "Mail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dedupeKey" TEXT NOT NULL,
    "recipientId" TEXT,
    "toAddresses" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "messageId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    CONSTRAINT "Mail_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "objectId" TEXT,
    "ip" TEXT,
    "before" JSONB,
    "after" JSONB
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
