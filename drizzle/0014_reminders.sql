-- Reminders: who may be reminded and how (reminder_contacts), and the outbox (reminders). Each
-- reminder is decided once (one row per alliance and dedupe key: a second decision is ignored),
-- sent at least once (a row stays waiting until a sender confirms it; the sender passes the
-- reminder's id as an idempotency key, so a retry after a crash is one message at the gateway)
-- and recorded once (waiting -> sent | failed | cancelled, never back, never twice).

CREATE TABLE `reminder_contacts` (
	`alliance_id` text NOT NULL,
	`subject_id` text NOT NULL,
	`channel` text NOT NULL,
	`address` text,
	`consent_at` text,
	`stopped_at` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`alliance_id`, `subject_id`),
	CONSTRAINT "reminder_channel" CHECK(`channel` IN ('sms', 'email', 'none')),
	CONSTRAINT "reminder_consent" CHECK(`channel` = 'none' OR (`address` IS NOT NULL AND `consent_at` IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `reminder_contacts_address` ON `reminder_contacts` (`alliance_id`, `address`);
--> statement-breakpoint
CREATE TABLE `reminders` (
	`id` text PRIMARY KEY NOT NULL,
	`alliance_id` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`template_vars` text NOT NULL,
	`decided_at` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`last_attempt_at` text,
	`sent_at` text,
	`channel` text,
	`provider_ref` text,
	CONSTRAINT "reminder_kind" CHECK(`kind` IN ('follow_up_due', 'follow_up_overdue', 'approval_waiting', 'period_ending')),
	CONSTRAINT "reminder_status" CHECK(`status` IN ('waiting', 'sent', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminders_dedupe` ON `reminders` (`alliance_id`, `dedupe_key`);
--> statement-breakpoint
CREATE INDEX `reminders_waiting` ON `reminders` (`status`, `decided_at`);
--> statement-breakpoint
CREATE TRIGGER `reminders_recorded_once` BEFORE UPDATE OF `status` ON `reminders`
WHEN OLD.`status` != 'waiting' AND NEW.`status` != OLD.`status`
BEGIN
  SELECT RAISE(ABORT, 'reminder_settled');
END;
--> statement-breakpoint
CREATE TRIGGER `reminders_fixed_facts` BEFORE UPDATE OF `id`, `alliance_id`, `dedupe_key`, `kind`, `subject_id`, `decided_at` ON `reminders`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `reminders_no_delete` BEFORE DELETE ON `reminders`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
