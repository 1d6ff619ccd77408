-- AlterTable
ALTER TABLE "Department" ADD COLUMN     "contactPhone" TEXT,
ADD COLUMN     "contactSection" TEXT,
ADD COLUMN     "retiredAt" TIMESTAMP(3),
ADD COLUMN     "successorId" TEXT;

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "retiredAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "DepartmentFunction" (
    "code" TEXT NOT NULL,
    "nameJa" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "addressable" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DepartmentFunction_pkey" PRIMARY KEY ("code")
);

-- CreateIndex
CREATE INDEX "Department_retiredAt_idx" ON "Department"("retiredAt");

-- AddForeignKey
ALTER TABLE "Department" ADD CONSTRAINT "Department_successorId_fkey" FOREIGN KEY ("successorId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;
