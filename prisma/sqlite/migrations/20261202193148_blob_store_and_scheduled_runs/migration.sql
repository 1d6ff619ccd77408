-- CreateTable
CREATE TABLE "StoredBlob" (
    "sha256" TEXT NOT NULL PRIMARY KEY,
    "size" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "BlobChunk" (
    "sha256" TEXT NOT NULL,
    "part" INTEGER NOT NULL,
    "bytes" BLOB NOT NULL,

    PRIMARY KEY ("sha256", "part")
);

-- CreateTable
CREATE TABLE "ScheduledRun" (
    "job" TEXT NOT NULL,
    "round" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "leaseUntil" DATETIME NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,

    PRIMARY KEY ("job", "round")
);
