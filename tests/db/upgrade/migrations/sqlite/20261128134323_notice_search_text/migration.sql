-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_NoticeVersion" (
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
    "searchText" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" DATETIME,
    "publishedById" TEXT,
    CONSTRAINT "NoticeVersion_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_NoticeVersion" ("addresseeLines", "addresseeRule", "contacts", "correctionReason", "createdAt", "deadline", "documentNumber", "id", "issuedOn", "items", "noticeId", "noticeType", "number", "preamble", "publishedAt", "publishedById", "references", "title") SELECT "addresseeLines", "addresseeRule", "contacts", "correctionReason", "createdAt", "deadline", "documentNumber", "id", "issuedOn", "items", "noticeId", "noticeType", "number", "preamble", "publishedAt", "publishedById", "references", "title" FROM "NoticeVersion";
DROP TABLE "NoticeVersion";
ALTER TABLE "new_NoticeVersion" RENAME TO "NoticeVersion";
CREATE UNIQUE INDEX "NoticeVersion_noticeId_number_key" ON "NoticeVersion"("noticeId", "number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
