-- AlterTable
ALTER TABLE "ResponseItem" ADD COLUMN     "bodyKinds" JSONB NOT NULL DEFAULT '[]';

-- Data: the body kinds each item asks, mirrored from its definition (see responses/due.ts),
-- so grouped SQL can tell who must answer it.
UPDATE "ResponseItem" SET "bodyKinds" = "definition" -> 'appliesTo' -> 'bodyKinds'
WHERE "definition" IS NOT NULL AND jsonb_typeof("definition" -> 'appliesTo' -> 'bodyKinds') = 'array';
