-- Sign-in codes and browser sessions (issue 9). Only hashes of codes and session ids are kept.
CREATE TABLE `sign_in_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`code_hash` text NOT NULL,
	`alliance_id` text NOT NULL,
	`role` text NOT NULL CHECK (`role` IN ('coordinator', 'panel', 'holder', 'broker', 'auditor')),
	`holder_id` text,
	`person_name` text NOT NULL,
	`issued_by` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	`withdrawn_at` text,
	`replaces_id` text REFERENCES `sign_in_codes`(`id`),
	CHECK (`role` NOT IN ('holder', 'broker') OR `holder_id` IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sign_in_codes_hash` ON `sign_in_codes` (`code_hash`);
--> statement-breakpoint
CREATE INDEX `sign_in_codes_alliance` ON `sign_in_codes` (`alliance_id`, `created_at`);
--> statement-breakpoint
-- Single use, enforced where it cannot be raced: a code is marked used once, never after it was
-- withdrawn or expired.
CREATE TRIGGER `sign_in_codes_single_use` BEFORE UPDATE OF `used_at` ON `sign_in_codes`
WHEN NEW.`used_at` IS NOT NULL AND (OLD.`used_at` IS NOT NULL OR OLD.`withdrawn_at` IS NOT NULL OR NEW.`used_at` >= OLD.`expires_at`)
BEGIN SELECT RAISE(ABORT, 'sign_in_code_spent'); END;
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`secret_hash` text NOT NULL,
	`alliance_id` text NOT NULL,
	`role` text NOT NULL CHECK (`role` IN ('coordinator', 'panel', 'holder', 'broker', 'auditor')),
	`holder_id` text,
	`code_id` text REFERENCES `sign_in_codes`(`id`),
	`token_id` text REFERENCES `tokens`(`id`),
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`ended_at` text,
	CHECK ((`code_id` IS NULL) <> (`token_id` IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_secret` ON `sessions` (`secret_hash`);
--> statement-breakpoint
CREATE INDEX `sessions_code` ON `sessions` (`code_id`);
--> statement-breakpoint
CREATE INDEX `sessions_token` ON `sessions` (`token_id`);
--> statement-breakpoint
-- A session from a code starts only in the batch that marked that code used, for the same person
-- and role: a spent, withdrawn or expired code can never start one.
CREATE TRIGGER `sessions_from_a_fresh_code` BEFORE INSERT ON `sessions`
WHEN NEW.`code_id` IS NOT NULL AND NOT EXISTS (
	SELECT 1 FROM `sign_in_codes` c WHERE c.`id` = NEW.`code_id` AND c.`used_at` = NEW.`created_at`
	AND c.`withdrawn_at` IS NULL AND c.`alliance_id` = NEW.`alliance_id` AND c.`role` = NEW.`role`
	AND c.`holder_id` IS NEW.`holder_id`)
BEGIN SELECT RAISE(ABORT, 'sign_in_code_spent'); END;
--> statement-breakpoint
-- A session from a token only while the token is good.
CREATE TRIGGER `sessions_from_a_good_token` BEFORE INSERT ON `sessions`
WHEN NEW.`token_id` IS NOT NULL AND NOT EXISTS (
	SELECT 1 FROM `tokens` t WHERE t.`id` = NEW.`token_id` AND t.`revoked_at` IS NULL
	AND (t.`expires_at` IS NULL OR t.`expires_at` > NEW.`created_at`) AND t.`role` = NEW.`role`
	AND t.`alliance_id` = NEW.`alliance_id`)
BEGIN SELECT RAISE(ABORT, 'sign_in_code_spent'); END;
--> statement-breakpoint
-- Revoking a token ends the browser sessions it started.
CREATE TRIGGER `tokens_revoked_end_sessions` AFTER UPDATE OF `revoked_at` ON `tokens`
WHEN NEW.`revoked_at` IS NOT NULL
BEGIN UPDATE `sessions` SET `ended_at` = NEW.`revoked_at` WHERE `token_id` = NEW.`id` AND `ended_at` IS NULL; END;
--> statement-breakpoint
-- Withdrawing a code ends the sessions it started, in the same statement's transaction.
CREATE TRIGGER `sign_in_codes_withdrawn_end_sessions` AFTER UPDATE OF `withdrawn_at` ON `sign_in_codes`
WHEN NEW.`withdrawn_at` IS NOT NULL
BEGIN UPDATE `sessions` SET `ended_at` = NEW.`withdrawn_at` WHERE `code_id` = NEW.`id` AND `ended_at` IS NULL; END;
--> statement-breakpoint
-- Wrong codes, by the address they came from (never the code), for throttling.
CREATE TABLE `sign_in_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`address` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sign_in_failures_address` ON `sign_in_failures` (`address`, `at`);
