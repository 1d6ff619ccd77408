-- AlterTable
ALTER TABLE "NoticeVersion" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';
