-- Every row has a definition since 20261202151928_response_item_definition wrote the template of
-- its kind into each older row.
-- AlterTable
ALTER TABLE "ResponseItem" ALTER COLUMN "definition" SET NOT NULL;
