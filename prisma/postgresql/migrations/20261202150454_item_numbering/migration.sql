-- AlterTable
ALTER TABLE "NoticeVersion" ADD COLUMN     "itemNumbering" TEXT NOT NULL DEFAULT 'full_width';
