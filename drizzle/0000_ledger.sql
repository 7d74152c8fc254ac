CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`type` text NOT NULL,
	`normal_side` text NOT NULL,
	`allow_negative` integer NOT NULL,
	`alliance_id` text NOT NULL,
	`name` text,
	`balance_minor` integer DEFAULT 0 NOT NULL,
	`posting_count` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	CONSTRAINT "account_type" CHECK("accounts"."type" IN ('asset','liability','fund','income','expense')),
	CONSTRAINT "normal_side_matches_type" CHECK(("accounts"."normal_side" = 'debit' AND "accounts"."type" IN ('asset','expense')) OR ("accounts"."normal_side" = 'credit' AND "accounts"."type" IN ('liability','fund','income'))),
	CONSTRAINT "balance_rule" CHECK("accounts"."allow_negative" = 1 OR ("accounts"."normal_side" = 'debit' AND "accounts"."balance_minor" >= 0) OR ("accounts"."normal_side" = 'credit' AND "accounts"."balance_minor" <= 0))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_code` ON `accounts` (`code`);--> statement-breakpoint
CREATE INDEX `accounts_alliance_code` ON `accounts` (`alliance_id`,`code`);--> statement-breakpoint
CREATE TABLE `entries` (
	`id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`alliance_id` text NOT NULL,
	`effective_date` text NOT NULL,
	`recorded_at` text NOT NULL,
	`description` text NOT NULL,
	`actor` text NOT NULL,
	`reason_code` text NOT NULL,
	`reverses_entry_id` text,
	`posting_count` integer NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	CONSTRAINT "posting_count_range" CHECK("entries"."posting_count" BETWEEN 2 AND 50)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `entries_seq` ON `entries` (`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `entries_reverses` ON `entries` (`reverses_entry_id`);--> statement-breakpoint
CREATE INDEX `entries_alliance_seq` ON `entries` (`alliance_id`,`seq`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`alliance_id` text NOT NULL,
	`key` text NOT NULL,
	`fingerprint` text NOT NULL,
	`status` integer NOT NULL,
	`response_json` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`alliance_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `postings` (
	`id` integer PRIMARY KEY NOT NULL,
	`entry_id` text NOT NULL,
	`line` integer NOT NULL,
	`account_id` integer NOT NULL,
	`amount_minor` integer NOT NULL,
	`effective_date` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) DEFERRABLE INITIALLY DEFERRED,
	CONSTRAINT "amount_not_zero" CHECK("postings"."amount_minor" != 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `postings_entry_line` ON `postings` (`entry_id`,`line`);--> statement-breakpoint
CREATE INDEX `postings_account_date` ON `postings` (`account_id`,`effective_date`,`id`,`amount_minor`);--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`alliance_id` text NOT NULL,
	`holder_id` text,
	`created_at` text NOT NULL,
	`expires_at` text,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_hash` ON `tokens` (`token_hash`);