-- AlterTable
ALTER TABLE "DepartmentEmail" ADD COLUMN "failedAt" DATETIME;
ALTER TABLE "DepartmentEmail" ADD COLUMN "failure" TEXT;

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "secretHash" BLOB NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "departmentId" TEXT,
    "manager" BOOLEAN NOT NULL DEFAULT false,
    "invitedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "acceptedAt" DATETIME,
    "withdrawnAt" DATETIME,
    CONSTRAINT "Invitation_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Invitation_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "departmentId" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'ja',
    "totpKey" BLOB,
    "totpPendingKey" BLOB,
    "totpLastStep" INTEGER,
    "totpEnrolledAt" DATETIME,
    "disabledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "manager" BOOLEAN NOT NULL DEFAULT false,
    "prefectureAdmin" TEXT,
    CONSTRAINT "User_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_User" ("createdAt", "departmentId", "disabledAt", "email", "id", "locale", "name", "passwordHash", "role", "totpEnrolledAt", "totpKey", "totpLastStep", "totpPendingKey") SELECT "createdAt", "departmentId", "disabledAt", "email", "id", "locale", "name", "passwordHash", "role", "totpEnrolledAt", "totpKey", "totpLastStep", "totpPendingKey" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE INDEX "User_departmentId_idx" ON "User"("departmentId");
CREATE INDEX "User_prefectureAdmin_idx" ON "User"("prefectureAdmin");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Invitation_departmentId_createdAt_idx" ON "Invitation"("departmentId", "createdAt");

-- CreateIndex
CREATE INDEX "Invitation_email_idx" ON "Invitation"("email");

-- CreateIndex
CREATE INDEX "DepartmentEmail_address_idx" ON "DepartmentEmail"("address");
