-- A guaranteed minimum: a funding stream can reserve part of every budget it funds for core
-- support (named categories or providers). Spending on anything else, or moving money into a
-- pool, cannot take the budget's available money below the reserve. The check runs in the same
-- batch as the write: the spend row (or the reserve draw row of a pool contribution) is written
-- before its entry moves the balance, so the trigger sees the balance every earlier batch left.
-- Period end releases the reserve: the closing entry moves everything left by the stream's rule
-- (back to the stream, or into the next period's budget, where the stream reserves it again).

ALTER TABLE `streams` ADD COLUMN `reserve_minor` integer DEFAULT 0 NOT NULL CHECK (`reserve_minor` >= 0);
--> statement-breakpoint
ALTER TABLE `streams` ADD COLUMN `core_categories` text DEFAULT '[]' NOT NULL;
--> statement-breakpoint
ALTER TABLE `streams` ADD COLUMN `core_providers` text DEFAULT '[]' NOT NULL;
--> statement-breakpoint
CREATE TABLE `budget_reserve_draws` (
	`entry_id` text PRIMARY KEY NOT NULL,
	`budget_id` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`reason` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "reserve_draw_positive" CHECK(`amount_minor` > 0)
);
--> statement-breakpoint
CREATE TRIGGER `spends_reserve` BEFORE INSERT ON `spends`
WHEN NOT EXISTS (
  SELECT 1 FROM `budgets` b JOIN `streams` s ON s.`id` = b.`stream_id`
   WHERE b.`id` = NEW.`budget_id`
     AND (EXISTS (SELECT 1 FROM json_each(s.`core_categories`) c WHERE c.`value` = NEW.`category`)
       OR EXISTS (SELECT 1 FROM json_each(s.`core_providers`) p WHERE p.`value` = NEW.`provider`)))
BEGIN
  -- Only between zero and the reserve: below zero the budget's balance rule says it is not there.
  SELECT RAISE(ABORT, 'reserve_protected')
    FROM (SELECT (SELECT -a.`balance_minor` FROM `accounts` a WHERE a.`code` = 'budget:' || NEW.`budget_id`) - NEW.`amount_minor` AS `after`)
   WHERE `after` >= 0
     AND `after` < (SELECT s.`reserve_minor` FROM `budgets` b JOIN `streams` s ON s.`id` = b.`stream_id` WHERE b.`id` = NEW.`budget_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `budget_reserve_draws_check` BEFORE INSERT ON `budget_reserve_draws`
BEGIN
  -- Only between zero and the reserve: below zero the budget's balance rule says it is not there.
  SELECT RAISE(ABORT, 'reserve_protected')
    FROM (SELECT (SELECT -a.`balance_minor` FROM `accounts` a WHERE a.`code` = 'budget:' || NEW.`budget_id`) - NEW.`amount_minor` AS `after`)
   WHERE `after` >= 0
     AND `after` < (SELECT s.`reserve_minor` FROM `budgets` b JOIN `streams` s ON s.`id` = b.`stream_id` WHERE b.`id` = NEW.`budget_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `budget_reserve_draws_no_update` BEFORE UPDATE ON `budget_reserve_draws`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `budget_reserve_draws_no_delete` BEFORE DELETE ON `budget_reserve_draws`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
-- A stream's reserve is fixed once set: budgets already funded were promised it.
CREATE TRIGGER `streams_reserve_fixed` BEFORE UPDATE OF `reserve_minor`, `core_categories`, `core_providers` ON `streams`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
