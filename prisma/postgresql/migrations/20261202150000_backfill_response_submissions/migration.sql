-- Data migration (no schema change): every submitted Response gets the ResponseSubmission that
-- 20261128141846_responses_history_and_reminders began to keep. A database created before that
-- migration has submitted responses without one, and the national table and item summaries
-- read submissions: they showed those departments as 未提出 while the dashboards counted them
-- complete. The answer as it stands is submission 1, by whoever last saved it, at its
-- submittedAt (or its last save when that is missing). Responses that already have a
-- submission are left alone, so running it on a newer database changes nothing. The id is
-- derived from the response's, so the rows are the same on every run and on every copy.
INSERT INTO "ResponseSubmission" ("id", "responseId", "number", "data", "submittedAt", "submittedById")
SELECT 'backfill-' || r."id", r."id", 1, r."data", COALESCE(r."submittedAt", r."updatedAt"), r."updatedById"
FROM "Response" r
WHERE r."status" = 'submitted'
  AND NOT EXISTS (SELECT 1 FROM "ResponseSubmission" s WHERE s."responseId" = r."id");
