-- AlterTable
ALTER TABLE "NoticeVersion" ADD COLUMN     "responseItems" JSONB;
