CREATE TABLE "assistant_conversations" (
	"id" text PRIMARY KEY NOT NULL,
	"key_id" text,
	"organization_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_message_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assistant_feedback" (
	"message_id" text PRIMARY KEY NOT NULL,
	"rating" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assistant_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"role" text NOT NULL,
	"content" text NOT NULL,
	"intent" text,
	"answered" boolean,
	"citations" jsonb,
	"composer" text,
	"timings" jsonb,
	"top_score" real,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "knowledge_chunks" (
	"id" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"ordinal" integer NOT NULL,
	"text" text NOT NULL,
	"source_type" text NOT NULL,
	"district" text,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"valid_until" timestamp with time zone,
	"review_due_at" timestamp with time zone,
	"terms" text[] NOT NULL,
	"term_freqs" jsonb NOT NULL,
	"length" integer NOT NULL,
	"embedding" vector NOT NULL,
	"embedding_model" text NOT NULL,
	"embedding_dimension" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "knowledge_documents" (
	"id" text PRIMARY KEY NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text NOT NULL,
	"external_id" text,
	"title" text NOT NULL,
	"url" text,
	"district" text,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"published_at" timestamp with time zone,
	"valid_until" timestamp with time zone,
	"review_due_at" timestamp with time zone,
	"facts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"indexed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assistant_feedback" ADD CONSTRAINT "assistant_feedback_message_id_assistant_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."assistant_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_messages" ADD CONSTRAINT "assistant_messages_conversation_id_assistant_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."assistant_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_chunks" ADD CONSTRAINT "knowledge_chunks_document_id_knowledge_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."knowledge_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assistant_conversations_last_message_at_index" ON "assistant_conversations" USING btree ("last_message_at");--> statement-breakpoint
CREATE INDEX "assistant_messages_conversation_id_created_at_index" ON "assistant_messages" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "assistant_messages_created_at_index" ON "assistant_messages" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "knowledge_chunks_document_id_index" ON "knowledge_chunks" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "knowledge_chunks_terms_gin" ON "knowledge_chunks" USING gin ("terms");--> statement-breakpoint
CREATE INDEX "knowledge_chunks_embedding_256_hnsw" ON "knowledge_chunks" USING hnsw (("embedding"::vector(256)) vector_cosine_ops) WHERE "knowledge_chunks"."embedding_dimension" = 256;--> statement-breakpoint
CREATE UNIQUE INDEX "knowledge_documents_source_idx" ON "knowledge_documents" USING btree ("source_type","source_id");--> statement-breakpoint
CREATE INDEX "knowledge_documents_external_id_index" ON "knowledge_documents" USING btree ("external_id");