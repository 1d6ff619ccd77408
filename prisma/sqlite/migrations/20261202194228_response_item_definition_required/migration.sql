-- Every row has a definition since 20261202151928_response_item_definition wrote the template of
-- its kind into each older row; the table is rebuilt to say so (a row still without one, possible
-- only in a database edited by hand, stops this migration rather than be read by no rule).
-- bodyKinds keeps its default as JSON text (Prisma writes [] unquoted: see json-defaults.db.spec.ts).
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
    "definition" JSONB NOT NULL,
    CONSTRAINT "ResponseItem_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ResponseItem" ("bodyKinds", "deadline", "definition", "functions", "id", "kind", "noticeId", "number", "title") SELECT "bodyKinds", "deadline", "definition", "functions", "id", "kind", "noticeId", "number", "title" FROM "ResponseItem";
DROP TABLE "ResponseItem";
ALTER TABLE "new_ResponseItem" RENAME TO "ResponseItem";
CREATE UNIQUE INDEX "ResponseItem_noticeId_number_key" ON "ResponseItem"("noticeId", "number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
