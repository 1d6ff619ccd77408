-- AlterTable
ALTER TABLE "NoticeVersion" ADD COLUMN     "pdfSha256" TEXT;
