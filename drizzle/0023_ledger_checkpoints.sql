-- Verification checkpoints (issue 14): what has been verified, up to which entry, with which
-- hash, when and by whom. Append-only: a check that finds a problem is recorded as such, and a
-- later check starts from the last good one, so a checkpoint can never be quietly moved forward.
-- Each row carries the tallies of its whole run from the genesis (per alliance: entries checked,
-- last sealed, first broken link, balance mismatches), so a check costs only what is new.
CREATE TABLE `ledger_checkpoints` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`phase` text NOT NULL,
	`previous_id` integer,
	`from_seq` integer NOT NULL,
	`through_seq` integer NOT NULL,
	`through_hash` text NOT NULL,
	`through_account` integer NOT NULL DEFAULT 0,
	`chain_ok` integer NOT NULL,
	`ok` integer NOT NULL,
	`tallies` text NOT NULL,
	`checked_at` text NOT NULL,
	`checked_by` text NOT NULL,
	CONSTRAINT "checkpoint_kind" CHECK(`kind` IN ('incremental','full')),
	CONSTRAINT "checkpoint_phase" CHECK(`phase` IN ('chain','balances','done')),
	CONSTRAINT "checkpoint_range" CHECK(`through_seq` >= `from_seq` AND `from_seq` >= 0),
	FOREIGN KEY (`previous_id`) REFERENCES `ledger_checkpoints`(`id`)
);
--> statement-breakpoint
CREATE INDEX `ledger_checkpoints_good` ON `ledger_checkpoints` (`ok`, `through_seq`, `id`);
--> statement-breakpoint
-- A good checkpoint names an entry that exists with exactly that hash (or the genesis): the
-- anchor every later incremental check starts from.
CREATE TRIGGER `ledger_checkpoints_seal` BEFORE INSERT ON `ledger_checkpoints`
WHEN NEW.`ok` = 1
BEGIN
  SELECT RAISE(ABORT, 'checkpoint_mismatch')
   WHERE NOT (NEW.`through_seq` = 0 AND NEW.`through_hash` = '0000000000000000000000000000000000000000000000000000000000000000')
     AND NOT EXISTS (SELECT 1 FROM `entries` WHERE `seq` = NEW.`through_seq` AND `hash` = NEW.`through_hash`);
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_checkpoints_no_update` BEFORE UPDATE ON `ledger_checkpoints`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_checkpoints_no_delete` BEFORE DELETE ON `ledger_checkpoints`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
