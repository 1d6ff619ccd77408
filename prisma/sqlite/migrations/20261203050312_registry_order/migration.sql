-- DropIndex
DROP INDEX "MedicalInstitution_prefectureCode_idx";

-- CreateIndex
CREATE INDEX "MedicalInstitution_prefectureCode_municipality_name_id_idx" ON "MedicalInstitution"("prefectureCode", "municipality", "name", "id");
