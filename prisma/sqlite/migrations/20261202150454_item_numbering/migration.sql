-- AlterTable
-- Written as a plain ADD COLUMN rather than the engine's table rebuild: the result is the same
-- schema (the drift test checks it), and a rebuild would drop columns other branches add.
ALTER TABLE "NoticeVersion" ADD COLUMN "itemNumbering" TEXT NOT NULL DEFAULT 'full_width';
