-- AlterTable
ALTER TABLE "Mail" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'publication',
ADD COLUMN     "versionNumber" INTEGER;
