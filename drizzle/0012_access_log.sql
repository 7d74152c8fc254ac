-- Who looked: one row per read of personal data, never changed or removed. Who is the token id
-- (its name is joined at read time, so erasing a person's token name also reaches the log).
CREATE TABLE `access_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alliance_id` text NOT NULL,
	`at` text NOT NULL,
	`token_id` text NOT NULL,
	`role` text NOT NULL,
	`method` text NOT NULL,
	`route` text NOT NULL,
	`what` text NOT NULL,
	`subject_id` text,
	`request_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `access_log_alliance` ON `access_log` (`alliance_id`,`id`);
--> statement-breakpoint
CREATE INDEX `access_log_subject` ON `access_log` (`alliance_id`,`subject_id`);
--> statement-breakpoint
CREATE TRIGGER `access_log_no_update` BEFORE UPDATE ON `access_log`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `access_log_no_delete` BEFORE DELETE ON `access_log`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
ALTER TABLE `tokens` ADD COLUMN `last_used_at` text;
