-- Books that keep to their dates (issue 12). Every rule below runs inside the batch that writes,
-- on both runtimes; the messages are the problem codes the API returns.

-- Alliance settings a statement and "today" need: the alliance's time zone (its local date is
-- "today"), the bank account's identity as a person would check it, and who to contact.
ALTER TABLE `alliances` ADD COLUMN `time_zone` text DEFAULT 'Europe/London' NOT NULL;
--> statement-breakpoint
ALTER TABLE `alliances` ADD COLUMN `bank_name` text;
--> statement-breakpoint
ALTER TABLE `alliances` ADD COLUMN `bank_account_ending` text;
--> statement-breakpoint
ALTER TABLE `alliances` ADD COLUMN `contact_line` text;
--> statement-breakpoint
-- Closing the books: each closing is kept (who, when, up to which date); the lock date is the
-- latest. Closings only ever move forward and are never changed or removed.
CREATE TABLE `period_closings` (
	`id` text PRIMARY KEY NOT NULL,
	`alliance_id` text NOT NULL,
	`closed_through` text NOT NULL,
	`closed_by` text NOT NULL,
	`closed_at` text NOT NULL,
	CONSTRAINT "closed_through_is_date" CHECK(`closed_through` GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `period_closings_alliance_through` ON `period_closings` (`alliance_id`, `closed_through`);
--> statement-breakpoint
CREATE TRIGGER `period_closings_forward` BEFORE INSERT ON `period_closings`
BEGIN
  SELECT RAISE(ABORT, 'lock_not_forward')
   WHERE NEW.`closed_through` <= coalesce((SELECT max(`closed_through`) FROM `period_closings` WHERE `alliance_id` = NEW.`alliance_id`), '');
  SELECT RAISE(ABORT, 'future_date')
   WHERE NEW.`closed_through` > date(NEW.`closed_at`, '+14 hours');
END;
--> statement-breakpoint
CREATE TRIGGER `period_closings_no_update` BEFORE UPDATE ON `period_closings`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `period_closings_no_delete` BEFORE DELETE ON `period_closings`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
-- Dates an entry may carry. The core judges "today" in the alliance's own time zone; the database
-- cannot know zones, so it refuses what is after today everywhere on Earth (UTC+14) when the entry
-- was recorded. An entry on or before the lock date is refused outright.
CREATE TRIGGER `entries_dates` BEFORE INSERT ON `entries`
BEGIN
  SELECT RAISE(ABORT, 'future_date')
   WHERE NEW.`effective_date` > date(NEW.`recorded_at`, '+14 hours');
  SELECT RAISE(ABORT, 'period_closed')
   WHERE NEW.`effective_date` <= (SELECT max(`closed_through`) FROM `period_closings` WHERE `alliance_id` = NEW.`alliance_id`);
END;
--> statement-breakpoint
-- A back-dated entry must keep every no-overdraft account it touches within its rule at its own
-- date and at every later date, not only at the end (which accounts.balance_rule judges). The
-- balance at a date d is the stored balance plus this entry's postings less everything posted
-- after d. Only accounts this entry draws on (moves against their normal side) and that have
-- postings dated after it are judged: an entry dated today (the common case) costs one index
-- probe per account it draws on.
CREATE TRIGGER `entries_balance_every_date` BEFORE INSERT ON `entries`
BEGIN
  SELECT RAISE(ABORT, 'balance_rule_at_date')
   WHERE EXISTS (
     SELECT 1 FROM `accounts` a
      WHERE a.`id` IN (SELECT `account_id` FROM `postings` WHERE `entry_id` = NEW.`id`)
        AND a.`allow_negative` = 0
        AND (CASE a.`normal_side` WHEN 'debit' THEN 1 ELSE -1 END)
            * (SELECT sum(n.`amount_minor`) FROM `postings` n WHERE n.`entry_id` = NEW.`id` AND +n.`account_id` = a.`id`) < 0
        AND EXISTS (SELECT 1 FROM `postings` x WHERE x.`account_id` = a.`id` AND x.`effective_date` > NEW.`effective_date`)
        AND EXISTS (
          SELECT 1 FROM `postings` d
           WHERE d.`account_id` = a.`id` AND d.`effective_date` >= NEW.`effective_date`
             AND (CASE a.`normal_side` WHEN 'debit' THEN 1 ELSE -1 END) * (
                   a.`balance_minor`
                   + (SELECT sum(n.`amount_minor`) FROM `postings` n WHERE n.`entry_id` = NEW.`id` AND +n.`account_id` = a.`id`)
                   - coalesce((SELECT sum(l.`amount_minor`) FROM `postings` l
                                WHERE l.`account_id` = a.`id` AND l.`effective_date` > d.`effective_date`), 0)
                 ) < 0));
END;
--> statement-breakpoint
-- Nothing that happened at a sitting or a follow-up is dated after today anywhere (see above).
CREATE TRIGGER `sittings_not_future` BEFORE INSERT ON `sittings`
WHEN NEW.`held_on` > date(NEW.`created_at`, '+14 hours')
BEGIN
  SELECT RAISE(ABORT, 'future_date');
END;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_not_future` BEFORE UPDATE OF `heard_on` ON `follow_ups`
WHEN NEW.`heard_on` > date(NEW.`updated_at`, '+14 hours')
BEGIN
  SELECT RAISE(ABORT, 'future_date');
END;
