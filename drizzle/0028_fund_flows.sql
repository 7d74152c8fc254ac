-- The fund's figures from totals the database keeps itself (issue 14). The fund by month summed,
-- for each month's end, every posting to the fund after it, and the fund summary summed every
-- posting the alliance's award accounts ever had: both grew with every payment. These tables
-- hold pence and dates only (no person, nothing erasure must blank), kept by a trigger in the
-- same statement as the entry that seals the postings, so they are the ledger and nothing else.

-- What each account moved on each day it moved: an account's balance at a date is its balance
-- less what moved on the days after, so a read visits at most one row per day, however many
-- postings a day had. (A running closing balance per day would make that one probe, but a
-- back-dated entry would then rewrite every later day: this keeps each write one upsert a line.)
CREATE TABLE `account_days` (
	`account_id` integer NOT NULL,
	`day` text NOT NULL,
	`net_minor` integer NOT NULL,
	PRIMARY KEY (`account_id`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
-- What each business event (an entry's reason) moved, per alliance and account, with an
-- alliance's award accounts (`award:…`, one per award) counted together as `award:`.
CREATE TABLE `reason_totals` (
	`alliance_id` text NOT NULL,
	`account` text NOT NULL,
	`reason_code` text NOT NULL,
	`net_minor` integer NOT NULL,
	PRIMARY KEY (`alliance_id`, `account`, `reason_code`)
) WITHOUT ROWID;
--> statement-breakpoint
-- The restricted money received, summed by the fund summary, was a scan of every alliance's
-- receipts: now a range of this alliance's restricted ones (a few a year, from funders).
CREATE INDEX `receipts_alliance_restricted` ON `receipts` (`alliance_id`, `restricted`, `amount_minor`);
--> statement-breakpoint
-- Fires after the seal's checks (BEFORE triggers), so only an entry that is kept is counted; a
-- refusal later in the statement rolls these rows back with it. One upsert per posting line,
-- read through the (entry_id, line) index: no sort, no GROUP BY. Measured in SQLite VM steps for
-- inserting a three-posting entry row on a 3,000-entry ledger: 633 without this trigger, 860
-- with it (719 -> 982 when back-dated); its cost in a whole POST is in the commit message.
CREATE TRIGGER `entries_fund_totals` AFTER INSERT ON `entries`
BEGIN
  INSERT INTO `account_days` (`account_id`, `day`, `net_minor`)
  SELECT `account_id`, NEW.`effective_date`, `amount_minor` FROM `postings` WHERE `entry_id` = NEW.`id`
  ON CONFLICT DO UPDATE SET `net_minor` = `net_minor` + excluded.`net_minor`;
  INSERT INTO `reason_totals` (`alliance_id`, `account`, `reason_code`, `net_minor`)
  SELECT NEW.`alliance_id`,
         CASE WHEN a.`code` >= 'award:' AND a.`code` < 'award;' THEN 'award:' ELSE a.`code` END,
         NEW.`reason_code`, p.`amount_minor`
    FROM `postings` p JOIN `accounts` a ON a.`id` = p.`account_id`
   WHERE p.`entry_id` = NEW.`id`
  ON CONFLICT DO UPDATE SET `net_minor` = `net_minor` + excluded.`net_minor`;
END;
--> statement-breakpoint
-- What was there before: each account's net per day, and each event's totals.
INSERT INTO `account_days` (`account_id`, `day`, `net_minor`)
SELECT p.`account_id`, p.`effective_date`, sum(p.`amount_minor`)
  FROM `postings` p JOIN `entries` e ON e.`id` = p.`entry_id`
 GROUP BY p.`account_id`, p.`effective_date`;
--> statement-breakpoint
INSERT INTO `reason_totals` (`alliance_id`, `account`, `reason_code`, `net_minor`)
SELECT e.`alliance_id`,
       CASE WHEN a.`code` >= 'award:' AND a.`code` < 'award;' THEN 'award:' ELSE a.`code` END,
       e.`reason_code`, sum(p.`amount_minor`)
  FROM `postings` p JOIN `entries` e ON e.`id` = p.`entry_id`
  JOIN `accounts` a ON a.`id` = p.`account_id`
 GROUP BY 1, 2, 3;
