-- The Small Sparks reports from counts the database keeps itself (issue 14). A report for a
-- period read every application received in it and, per award, its decisions, payments and
-- ledger postings: 130 ms at 10,000 applications. These tables hold, per alliance and day of
-- receipt, how many applications, awards and follow-ups there are of each kind, and what the
-- awards paid in pence (counts, dates and pence only: no person, nothing erasure must blank).
-- Triggers keep them in the same statement as the write; each moves the row's contribution from
-- where it was counted to where it is counted now. A key date is '' while it has not happened.
-- Applications, decisions, awards, payments and follow-ups are never deleted, and received_on,
-- decided_on, domain and paid_on never change (0003, 0007), so these are the only moves.

-- Applications by status and the date of their first decision that was not a deferral.
CREATE TABLE `report_applications` (
	`alliance_id` text NOT NULL,
	`received_on` text NOT NULL,
	`status` text NOT NULL,
	`decided_on` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY (`alliance_id`, `received_on`, `status`, `decided_on`)
) WITHOUT ROWID;
--> statement-breakpoint
-- Awards by domain and the date of their first payment; paid_minor is what the ledger's
-- disbursement entries debited to their award accounts.
CREATE TABLE `report_awards` (
	`alliance_id` text NOT NULL,
	`received_on` text NOT NULL,
	`domain` text NOT NULL,
	`paid_on` text NOT NULL,
	`n` integer NOT NULL,
	`paid_minor` integer NOT NULL,
	PRIMARY KEY (`alliance_id`, `received_on`, `domain`, `paid_on`)
) WITHOUT ROWID;
--> statement-breakpoint
-- Follow-ups by status and due date (whether "due" is overdue is judged on the report's day).
CREATE TABLE `report_follow_ups` (
	`alliance_id` text NOT NULL,
	`received_on` text NOT NULL,
	`status` text NOT NULL,
	`due_on` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY (`alliance_id`, `received_on`, `status`, `due_on`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TRIGGER `applications_report_insert` AFTER INSERT ON `applications`
BEGIN
  INSERT INTO `report_applications` (`alliance_id`, `received_on`, `status`, `decided_on`, `n`)
  VALUES (NEW.`alliance_id`, NEW.`received_on`, NEW.`status`,
          coalesce((SELECT min(`decided_on`) FROM `decisions`
                     WHERE `application_id` = NEW.`id` AND `outcome` <> 'defer'), ''), 1)
  ON CONFLICT DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `applications_report_status` AFTER UPDATE OF `status` ON `applications`
WHEN NEW.`status` IS NOT OLD.`status`
BEGIN
  UPDATE `report_applications` SET `n` = `n` - 1
   WHERE `alliance_id` = OLD.`alliance_id` AND `received_on` = OLD.`received_on`
     AND `status` = OLD.`status`
     AND `decided_on` = coalesce((SELECT min(`decided_on`) FROM `decisions`
                                   WHERE `application_id` = OLD.`id` AND `outcome` <> 'defer'), '');
  INSERT INTO `report_applications` (`alliance_id`, `received_on`, `status`, `decided_on`, `n`)
  VALUES (NEW.`alliance_id`, NEW.`received_on`, NEW.`status`,
          coalesce((SELECT min(`decided_on`) FROM `decisions`
                     WHERE `application_id` = NEW.`id` AND `outcome` <> 'defer'), ''), 1)
  ON CONFLICT DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
-- A decision moves its application only when it is now the first that was not a deferral.
CREATE TRIGGER `decisions_report_first` AFTER INSERT ON `decisions`
WHEN NEW.`outcome` <> 'defer'
 AND NOT EXISTS (SELECT 1 FROM `decisions` WHERE `application_id` = NEW.`application_id`
                    AND `outcome` <> 'defer' AND `decided_on` <= NEW.`decided_on` AND `id` <> NEW.`id`)
BEGIN
  UPDATE `report_applications` SET `n` = `n` - 1
   WHERE (`alliance_id`, `received_on`, `status`) =
         (SELECT `alliance_id`, `received_on`, `status` FROM `applications` WHERE `id` = NEW.`application_id`)
     AND `decided_on` = coalesce((SELECT min(`decided_on`) FROM `decisions`
                                   WHERE `application_id` = NEW.`application_id`
                                     AND `outcome` <> 'defer' AND `id` <> NEW.`id`), '');
  INSERT INTO `report_applications` (`alliance_id`, `received_on`, `status`, `decided_on`, `n`)
  SELECT `alliance_id`, `received_on`, `status`, NEW.`decided_on`, 1
    FROM `applications` WHERE `id` = NEW.`application_id`
  ON CONFLICT DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `awards_report_insert` AFTER INSERT ON `awards`
BEGIN
  INSERT INTO `report_awards` (`alliance_id`, `received_on`, `domain`, `paid_on`, `n`, `paid_minor`)
  SELECT NEW.`alliance_id`, a.`received_on`, NEW.`domain`,
         coalesce((SELECT min(`paid_on`) FROM `disbursements` WHERE `award_id` = NEW.`id`), ''), 1,
         coalesce((SELECT sum(p.`amount_minor`) FROM `accounts` acc
                     JOIN `postings` p ON p.`account_id` = acc.`id`
                     JOIN `entries` e ON e.`id` = p.`entry_id`
                    WHERE acc.`code` = 'award:' || NEW.`id` AND e.`reason_code` = 'disbursement'), 0)
    FROM `applications` a WHERE a.`id` = NEW.`application_id`
  ON CONFLICT DO UPDATE SET `n` = `n` + 1, `paid_minor` = `paid_minor` + excluded.`paid_minor`;
END;
--> statement-breakpoint
-- A payment moves its award (and all it has paid so far) only when it is now the first.
CREATE TRIGGER `disbursements_report_first` AFTER INSERT ON `disbursements`
WHEN NOT EXISTS (SELECT 1 FROM `disbursements` WHERE `award_id` = NEW.`award_id`
                    AND `paid_on` <= NEW.`paid_on` AND `id` <> NEW.`id`)
BEGIN
  UPDATE `report_awards`
     SET (`n`, `paid_minor`) = (SELECT `report_awards`.`n` - 1, `report_awards`.`paid_minor` - coalesce(sum(p.`amount_minor`), 0)
                                  FROM `accounts` acc
                                  JOIN `postings` p ON p.`account_id` = acc.`id`
                                  JOIN `entries` e ON e.`id` = p.`entry_id`
                                 WHERE acc.`code` = 'award:' || NEW.`award_id` AND e.`reason_code` = 'disbursement')
   WHERE (`alliance_id`, `received_on`, `domain`) =
         (SELECT w.`alliance_id`, a.`received_on`, w.`domain` FROM `awards` w
            JOIN `applications` a ON a.`id` = w.`application_id` WHERE w.`id` = NEW.`award_id`)
     AND `paid_on` = coalesce((SELECT min(`paid_on`) FROM `disbursements`
                                WHERE `award_id` = NEW.`award_id` AND `id` <> NEW.`id`), '');
  INSERT INTO `report_awards` (`alliance_id`, `received_on`, `domain`, `paid_on`, `n`, `paid_minor`)
  SELECT w.`alliance_id`, a.`received_on`, w.`domain`, NEW.`paid_on`, 1,
         coalesce((SELECT sum(p.`amount_minor`) FROM `accounts` acc
                     JOIN `postings` p ON p.`account_id` = acc.`id`
                     JOIN `entries` e ON e.`id` = p.`entry_id`
                    WHERE acc.`code` = 'award:' || w.`id` AND e.`reason_code` = 'disbursement'), 0)
    FROM `awards` w JOIN `applications` a ON a.`id` = w.`application_id` WHERE w.`id` = NEW.`award_id`
  ON CONFLICT DO UPDATE SET `n` = `n` + 1, `paid_minor` = `paid_minor` + excluded.`paid_minor`;
END;
--> statement-breakpoint
-- A disbursement entry adds what it debits to award accounts to those awards' rows. Only
-- disbursement entries fire it: every other entry pays nothing here. BEFORE, like the seal
-- (0024): an entry's postings are written before it, and if any rule refuses the entry the
-- statement is undone, this with it. (The bench's raw append suspends AFTER triggers only and
-- rebuilds what they keep; this one it keeps running.)
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
--> statement-breakpoint
CREATE TRIGGER `follow_ups_report_insert` AFTER INSERT ON `follow_ups`
BEGIN
  INSERT INTO `report_follow_ups` (`alliance_id`, `received_on`, `status`, `due_on`, `n`)
  SELECT NEW.`alliance_id`, a.`received_on`, NEW.`status`, NEW.`due_on`, 1
    FROM `awards` w JOIN `applications` a ON a.`id` = w.`application_id` WHERE w.`id` = NEW.`award_id`
  ON CONFLICT DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_report_move` AFTER UPDATE OF `status`, `due_on` ON `follow_ups`
WHEN NEW.`status` IS NOT OLD.`status` OR NEW.`due_on` IS NOT OLD.`due_on`
BEGIN
  UPDATE `report_follow_ups` SET `n` = `n` - 1
   WHERE (`alliance_id`, `received_on`) =
         (SELECT OLD.`alliance_id`, a.`received_on` FROM `awards` w
            JOIN `applications` a ON a.`id` = w.`application_id` WHERE w.`id` = OLD.`award_id`)
     AND `status` = OLD.`status` AND `due_on` = OLD.`due_on`;
  INSERT INTO `report_follow_ups` (`alliance_id`, `received_on`, `status`, `due_on`, `n`)
  SELECT NEW.`alliance_id`, a.`received_on`, NEW.`status`, NEW.`due_on`, 1
    FROM `awards` w JOIN `applications` a ON a.`id` = w.`application_id` WHERE w.`id` = NEW.`award_id`
  ON CONFLICT DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
-- What is already there, counted as the triggers would have.
INSERT INTO `report_applications` (`alliance_id`, `received_on`, `status`, `decided_on`, `n`)
SELECT `alliance_id`, `received_on`, `status`, `decided_on`, count(*) FROM (
  SELECT r.`alliance_id`, r.`received_on`, r.`status`,
         coalesce((SELECT min(d.`decided_on`) FROM `decisions` d
                    WHERE d.`application_id` = r.`id` AND d.`outcome` <> 'defer'), '') AS `decided_on`
    FROM `applications` r)
 GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO `report_awards` (`alliance_id`, `received_on`, `domain`, `paid_on`, `n`, `paid_minor`)
SELECT `alliance_id`, `received_on`, `domain`, `paid_on`, count(*), sum(`paid`) FROM (
  SELECT w.`alliance_id`, a.`received_on`, w.`domain`,
         coalesce((SELECT min(`paid_on`) FROM `disbursements` WHERE `award_id` = w.`id`), '') AS `paid_on`,
         coalesce((SELECT sum(p.`amount_minor`) FROM `accounts` acc
                     JOIN `postings` p ON p.`account_id` = acc.`id`
                     JOIN `entries` e ON e.`id` = p.`entry_id`
                    WHERE acc.`code` = 'award:' || w.`id` AND e.`reason_code` = 'disbursement'), 0) AS `paid`
    FROM `awards` w JOIN `applications` a ON a.`id` = w.`application_id`)
 GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO `report_follow_ups` (`alliance_id`, `received_on`, `status`, `due_on`, `n`)
SELECT f.`alliance_id`, a.`received_on`, f.`status`, f.`due_on`, count(*)
  FROM `follow_ups` f JOIN `awards` w ON w.`id` = f.`award_id`
  JOIN `applications` a ON a.`id` = w.`application_id`
 GROUP BY 1, 2, 3, 4;
