-- AlterTable
ALTER TABLE "Notice" ADD COLUMN "recipientCount" INTEGER NOT NULL DEFAULT 0;

-- How many departments a notice reached (its "Recipient" rows, second-level ones included),
-- kept by the database itself (written by hand: the Prisma schema does not describe triggers,
-- so the drift test ignores them). The notice page showed it by counting the notice's
-- recipients on every view, thousands of index entries for a national notice: the largest
-- part of the page's read (bench/ssr.ts). Triggers keep it for every writer — publishing,
-- addressing, forwarding, the demo and benchmark loaders, tests — without each having to.
-- Per statement over its transition table: publishing to 5,400 departments updates each
-- notice's row once, not once per recipient.
UPDATE "Notice" n SET "recipientCount" = c.k
FROM (SELECT "noticeId", COUNT(*) AS k FROM "Recipient" GROUP BY "noticeId") c
WHERE c."noticeId" = n."id";

CREATE FUNCTION "kairan_recipient_count_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "Notice" n SET "recipientCount" = n."recipientCount" + c.k
    FROM (SELECT "noticeId", COUNT(*) AS k FROM new_rows GROUP BY "noticeId") c
    WHERE n."id" = c."noticeId";
    RETURN NULL;
END
$$;

CREATE FUNCTION "kairan_recipient_count_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "Notice" n SET "recipientCount" = n."recipientCount" - c.k
    FROM (SELECT "noticeId", COUNT(*) AS k FROM old_rows GROUP BY "noticeId") c
    WHERE n."id" = c."noticeId";
    RETURN NULL;
END
$$;

-- A recipient never moves to another notice; should one, the counts follow it.
CREATE FUNCTION "kairan_recipient_count_move"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "Notice" SET "recipientCount" = "recipientCount" - 1 WHERE "id" = OLD."noticeId";
    UPDATE "Notice" SET "recipientCount" = "recipientCount" + 1 WHERE "id" = NEW."noticeId";
    RETURN NULL;
END
$$;

CREATE TRIGGER "Recipient_count_insert"
    AFTER INSERT ON "Recipient" REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "kairan_recipient_count_insert"();

CREATE TRIGGER "Recipient_count_delete"
    AFTER DELETE ON "Recipient" REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "kairan_recipient_count_delete"();

CREATE TRIGGER "Recipient_count_move"
    AFTER UPDATE OF "noticeId" ON "Recipient"
    FOR EACH ROW WHEN (OLD."noticeId" IS DISTINCT FROM NEW."noticeId")
    EXECUTE FUNCTION "kairan_recipient_count_move"();
