-- Tagdesk schema version 1, as open_store wrote it; PRAGMA user_version = 1.
CREATE TABLE "document" ("id" INTEGER NOT NULL PRIMARY KEY, "text" TEXT NOT NULL, "title" TEXT NOT NULL, "source" TEXT NOT NULL, "meta" TEXT NOT NULL, "sha256" VARCHAR(64) NOT NULL, "status" VARCHAR(16) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, CHECK (status IN ('todo', 'in_progress', 'done')));
CREATE UNIQUE INDEX "document_sha256" ON "document" ("sha256");
CREATE INDEX "document_status" ON "document" ("status");
CREATE TABLE "tag" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(200) NOT NULL);
CREATE UNIQUE INDEX "tag_name" ON "tag" ("name");
CREATE TABLE "document_tag" ("document_id" INTEGER NOT NULL, "tag_id" INTEGER NOT NULL, PRIMARY KEY ("document_id", "tag_id"), FOREIGN KEY ("document_id") REFERENCES "document" ("id") ON DELETE CASCADE, FOREIGN KEY ("tag_id") REFERENCES "tag" ("id") ON DELETE CASCADE);
CREATE INDEX "document_tag_document_id" ON "document_tag" ("document_id");
CREATE INDEX "document_tag_tag_id" ON "document_tag" ("tag_id");
CREATE TABLE "label" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(64) NOT NULL, "colour" VARCHAR(7) NOT NULL, "hotkey" VARCHAR(16) NOT NULL, "description" TEXT NOT NULL, "position" INTEGER NOT NULL);
CREATE UNIQUE INDEX "label_name" ON "label" ("name");
CREATE TABLE "setting" ("key" VARCHAR(100) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL);
CREATE TABLE "span" ("id" INTEGER NOT NULL PRIMARY KEY, "document_id" INTEGER NOT NULL, "start" INTEGER NOT NULL, "end" INTEGER NOT NULL, "label_id" INTEGER NOT NULL, "source" TEXT NOT NULL, "status" VARCHAR(16) NOT NULL, "note" TEXT NOT NULL, "annotator" TEXT NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, FOREIGN KEY ("document_id") REFERENCES "document" ("id") ON DELETE CASCADE, FOREIGN KEY ("label_id") REFERENCES "label" ("id") ON DELETE RESTRICT, CHECK ("start" >= 0), CHECK ("end" > "start"), CHECK (status IN ('suggested', 'accepted', 'rejected')));
CREATE INDEX "span_label_id" ON "span" ("label_id");
CREATE INDEX "span_document_id_start_end" ON "span" ("document_id", "start", "end");
CREATE TABLE "span_tag" ("span_id" INTEGER NOT NULL, "tag_id" INTEGER NOT NULL, PRIMARY KEY ("span_id", "tag_id"), FOREIGN KEY ("span_id") REFERENCES "span" ("id") ON DELETE CASCADE, FOREIGN KEY ("tag_id") REFERENCES "tag" ("id") ON DELETE CASCADE);
CREATE INDEX "span_tag_span_id" ON "span_tag" ("span_id");
CREATE INDEX "span_tag_tag_id" ON "span_tag" ("tag_id");
PRAGMA user_version = 1;
