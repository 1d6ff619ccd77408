-- AlterTable
ALTER TABLE "Notice" ADD COLUMN "recipientCount" INTEGER NOT NULL DEFAULT 0;

-- How many departments a notice reached (its "Recipient" rows, second-level ones included),
-- kept by the database itself (written by hand: the Prisma schema does not describe triggers,
-- so the drift test ignores them). The notice page showed it by counting the notice's
-- recipients on every view, thousands of index entries for a national notice: the largest
-- part of the page's read (bench/ssr.ts). Triggers keep it for every writer — publishing,
-- addressing, forwarding, the demo and benchmark loaders, tests — without each having to.
UPDATE "Notice" SET "recipientCount" = (
    SELECT COUNT(*) FROM "Recipient" r WHERE r."noticeId" = "Notice"."id");

CREATE TRIGGER "Recipient_count_insert" AFTER INSERT ON "Recipient"
BEGIN
    UPDATE "Notice" SET "recipientCount" = "recipientCount" + 1 WHERE "id" = NEW."noticeId";
END;

CREATE TRIGGER "Recipient_count_delete" AFTER DELETE ON "Recipient"
BEGIN
    UPDATE "Notice" SET "recipientCount" = "recipientCount" - 1 WHERE "id" = OLD."noticeId";
END;

-- A recipient never moves to another notice; should one, the counts follow it.
CREATE TRIGGER "Recipient_count_move" AFTER UPDATE OF "noticeId" ON "Recipient"
WHEN OLD."noticeId" IS NOT NEW."noticeId"
BEGIN
    UPDATE "Notice" SET "recipientCount" = "recipientCount" - 1 WHERE "id" = OLD."noticeId";
    UPDATE "Notice" SET "recipientCount" = "recipientCount" + 1 WHERE "id" = NEW."noticeId";
END;
