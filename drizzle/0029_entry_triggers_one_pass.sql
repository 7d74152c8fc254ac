-- The same rules as 0024, with less work per entry (issue 14, figure 5: bulk posting). Measured
-- as CPU instructions per three-posting entry on a 3,000-entry ledger (SQLite 3.40 under
-- callgrind, statements prepared once): 379,011 before, 330,298 after; the six triggers' share
-- 228,000 -> 179,000. Every rule, its message and the order the rules are judged in are
-- unchanged: SQLite fires the most recently created BEFORE trigger first, so all four are
-- recreated in the order 0024 and 0025 made them (entries_dates and entries_report_paid
-- word for word).
DROP TRIGGER `entries_report_paid`;
--> statement-breakpoint
DROP TRIGGER `entries_balance_every_date`;
--> statement-breakpoint
DROP TRIGGER `entries_dates`;
--> statement-breakpoint
DROP TRIGGER `entries_seal`;
--> statement-breakpoint
-- The seal: the unbalanced and the cross-alliance checks read the entry's postings in one pass
-- (count, sum, dates and their accounts' alliances), where each made its own. The CASE keeps the
-- order: an entry both unbalanced and cross-alliance is refused as unbalanced, as before. The
-- LEFT JOIN counts every posting as the count alone did (a posting's account always exists:
-- account_id is a foreign key, and accounts are never deleted).
CREATE TRIGGER `entries_seal` BEFORE INSERT ON `entries`
BEGIN
  SELECT RAISE(ABORT, 'chain_conflict')
   WHERE NEW.`seq` != coalesce((SELECT max(`seq`) FROM `entries`), 0) + 1
      OR NEW.`prev_hash` != coalesce(
           (SELECT `hash` FROM `entries` ORDER BY `seq` DESC LIMIT 1),
           '0000000000000000000000000000000000000000000000000000000000000000');
  SELECT CASE
           WHEN `lines` != NEW.`posting_count` OR `net` != 0 OR `off_date`
             THEN RAISE(ABORT, 'entry_unbalanced')
           WHEN `other_alliance` THEN RAISE(ABORT, 'cross_alliance')
         END
    FROM (SELECT count(*) AS `lines`, coalesce(sum(p.`amount_minor`), 1) AS `net`,
                 max(p.`effective_date` != NEW.`effective_date`) AS `off_date`,
                 max(a.`alliance_id` != NEW.`alliance_id`) AS `other_alliance`
            FROM `postings` p LEFT JOIN `accounts` a ON a.`id` = p.`account_id`
           WHERE p.`entry_id` = NEW.`id`);
  SELECT RAISE(ABORT, 'reversal_mismatch')
   WHERE NEW.`reverses_entry_id` IS NOT NULL AND (
         NOT EXISTS (SELECT 1 FROM `entries` WHERE `id` = NEW.`reverses_entry_id` AND `reverses_entry_id` IS NULL)
      OR EXISTS (SELECT 1 FROM (SELECT sum(`amount_minor`) AS `net` FROM `postings`
                                 WHERE `entry_id` IN (NEW.`id`, NEW.`reverses_entry_id`)
                                 GROUP BY +`account_id`) WHERE `net` != 0));
END;
--> statement-breakpoint
-- Dates: unchanged, recreated only so that it still runs before the seal.
CREATE TRIGGER `entries_dates` BEFORE INSERT ON `entries`
BEGIN
  SELECT RAISE(ABORT, 'future_date')
   WHERE NEW.`effective_date` > date(NEW.`recorded_at`, '+14 hours');
  SELECT RAISE(ABORT, 'period_closed')
   WHERE NEW.`effective_date` <= (SELECT max(`closed_through`) FROM `period_closings` WHERE `alliance_id` = NEW.`alliance_id`);
END;
--> statement-breakpoint
-- The balance at every date: the entry's accounts are reached through its postings, joined,
-- instead of `a.id IN (SELECT account_id ...)`, which built a temporary table for every entry
-- (29,000 of the 49,000 instructions saved). An account named on two lines of the entry is judged
-- twice, to the same answer: the test is EXISTS. The common case still stops at the one index
-- probe (nothing posted to the account after this entry's date) before any sum.
CREATE TRIGGER `entries_balance_every_date` BEFORE INSERT ON `entries`
BEGIN
  SELECT RAISE(ABORT, 'balance_rule_at_date')
   WHERE EXISTS (
     SELECT 1 FROM `postings` p JOIN `accounts` a ON a.`id` = p.`account_id`
      WHERE p.`entry_id` = NEW.`id`
        AND a.`allow_negative` = 0
        AND EXISTS (SELECT 1 FROM `postings` x WHERE x.`account_id` = a.`id` AND x.`effective_date` > NEW.`effective_date`)
        AND (CASE a.`normal_side` WHEN 'debit' THEN 1 ELSE -1 END)
            * (SELECT sum(n.`amount_minor`) FROM `postings` n WHERE n.`entry_id` = NEW.`id` AND +n.`account_id` = a.`id`) < 0
        AND EXISTS (
          SELECT 1 FROM (
            -- per day from this entry's date on: the sum of everything posted on later days
            SELECT sum(sum(l.`amount_minor`)) OVER (ORDER BY l.`effective_date` DESC
                     ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS `after_day`
              FROM `postings` l
             WHERE l.`account_id` = a.`id` AND l.`effective_date` >= NEW.`effective_date`
             GROUP BY l.`effective_date`) AS `days`
           WHERE (CASE a.`normal_side` WHEN 'debit' THEN 1 ELSE -1 END) * (
                   a.`balance_minor`
                   + (SELECT sum(n.`amount_minor`) FROM `postings` n WHERE n.`entry_id` = NEW.`id` AND +n.`account_id` = a.`id`)
                   - coalesce(`days`.`after_day`, 0)) < 0));
END;
--> statement-breakpoint
-- Unchanged, recreated last so that it still fires first, as it did.
CREATE TRIGGER `entries_report_paid` BEFORE INSERT ON `entries`
WHEN NEW.`reason_code` = 'disbursement'
BEGIN
  INSERT INTO `report_awards` (`alliance_id`, `received_on`, `domain`, `paid_on`, `n`, `paid_minor`)
  SELECT w.`alliance_id`, a.`received_on`, w.`domain`,
         coalesce((SELECT min(`paid_on`) FROM `disbursements` WHERE `award_id` = w.`id`), ''), 0,
         sum(p.`amount_minor`)
    FROM `postings` p
    JOIN `accounts` acc ON acc.`id` = p.`account_id`
    JOIN `awards` w ON w.`id` = substr(acc.`code`, 7)
    JOIN `applications` a ON a.`id` = w.`application_id`
   WHERE p.`entry_id` = NEW.`id` AND acc.`code` LIKE 'award:%'
   GROUP BY w.`id`
  ON CONFLICT DO UPDATE SET `paid_minor` = `paid_minor` + excluded.`paid_minor`;
END;
