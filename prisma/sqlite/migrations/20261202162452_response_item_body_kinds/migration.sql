-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ResponseItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "noticeId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "functions" JSONB NOT NULL,
    "bodyKinds" JSONB NOT NULL DEFAULT '[]',
    "deadline" TEXT,
    "definition" JSONB,
    CONSTRAINT "ResponseItem_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ResponseItem" ("deadline", "definition", "functions", "id", "kind", "noticeId", "number", "title") SELECT "deadline", "definition", "functions", "id", "kind", "noticeId", "number", "title" FROM "ResponseItem";
DROP TABLE "ResponseItem";
ALTER TABLE "new_ResponseItem" RENAME TO "ResponseItem";
CREATE UNIQUE INDEX "ResponseItem_noticeId_number_key" ON "ResponseItem"("noticeId", "number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Data: the body kinds each item asks, mirrored from its definition (see responses/due.ts),
-- so grouped SQL can tell who must answer it.
UPDATE "ResponseItem" SET "bodyKinds" = COALESCE(json_extract("definition", '$.appliesTo.bodyKinds'), '[]')
WHERE "definition" IS NOT NULL AND json_type("definition", '$.appliesTo.bodyKinds') = 'array';
