-- CreateTable
CREATE TABLE "RecipientTally" (
    "recipientId" TEXT NOT NULL,
    "noticeId" TEXT NOT NULL,
    "prefectureCode" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "ackDay" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "openDeadline" TEXT NOT NULL,

    CONSTRAINT "RecipientTally_pkey" PRIMARY KEY ("recipientId")
);

-- CreateTable
CREATE TABLE "ProgressTally" (
    "noticeId" TEXT NOT NULL,
    "prefectureCode" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "acknowledged" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "openDeadline" TEXT NOT NULL,
    "recipients" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ProgressTally_pkey" PRIMARY KEY ("noticeId","prefectureCode","scope","acknowledged","state","openDeadline")
);

-- CreateTable
CREATE TABLE "ItemTally" (
    "noticeId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "prefectureCode" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "due" INTEGER NOT NULL DEFAULT 0,
    "submitted" INTEGER NOT NULL DEFAULT 0,
    "drafts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ItemTally_pkey" PRIMARY KEY ("itemId","prefectureCode","scope")
);

-- CreateTable
CREATE TABLE "DailyTally" (
    "noticeId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "acknowledged" INTEGER NOT NULL DEFAULT 0,
    "submitted" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DailyTally_pkey" PRIMARY KEY ("noticeId","day")
);

-- CreateIndex
CREATE INDEX "RecipientTally_noticeId_idx" ON "RecipientTally"("noticeId");

-- CreateIndex
CREATE INDEX "ItemTally_noticeId_idx" ON "ItemTally"("noticeId");
