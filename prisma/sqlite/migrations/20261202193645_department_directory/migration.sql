-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "retiredAt" DATETIME;

-- CreateTable
CREATE TABLE "DepartmentFunction" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "nameJa" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "addressable" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Department" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "function" TEXT NOT NULL,
    "contactSection" TEXT,
    "contactPhone" TEXT,
    "retiredAt" DATETIME,
    "successorId" TEXT,
    CONSTRAINT "Department_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Department_successorId_fkey" FOREIGN KEY ("successorId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Department" ("function", "id", "name", "organizationId") SELECT "function", "id", "name", "organizationId" FROM "Department";
DROP TABLE "Department";
ALTER TABLE "new_Department" RENAME TO "Department";
CREATE INDEX "Department_function_idx" ON "Department"("function");
CREATE INDEX "Department_retiredAt_idx" ON "Department"("retiredAt");
CREATE UNIQUE INDEX "Department_organizationId_function_name_key" ON "Department"("organizationId", "function", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
