-- What money depends on, enforced by the database inside the same atomic batch as each write.
-- A batch writes the postings of an entry first and the entry row last: the entry row is the
-- seal that checks them and moves the balances. Messages raised here are matched by the store
-- adapters.

-- Postings can only be written before their entry is sealed: nothing is ever added later.
CREATE TRIGGER `postings_only_before_seal` BEFORE INSERT ON `postings`
WHEN EXISTS (SELECT 1 FROM `entries` WHERE `id` = NEW.`entry_id`)
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `postings_no_update` BEFORE UPDATE ON `postings`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `postings_no_delete` BEFORE DELETE ON `postings`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
-- The seal: the entry must extend the chain head, its postings must all be present, sum to
-- exactly zero, share its date and alliance, and a reversal must mirror its original exactly.
CREATE TRIGGER `entries_seal` BEFORE INSERT ON `entries`
BEGIN
  SELECT RAISE(ABORT, 'chain_conflict')
   WHERE NEW.`seq` != coalesce((SELECT max(`seq`) FROM `entries`), 0) + 1
      OR NEW.`prev_hash` != coalesce(
           (SELECT `hash` FROM `entries` ORDER BY `seq` DESC LIMIT 1),
           '0000000000000000000000000000000000000000000000000000000000000000');
  SELECT RAISE(ABORT, 'entry_unbalanced')
   WHERE (SELECT count(*) FROM `postings` WHERE `entry_id` = NEW.`id`) != NEW.`posting_count`
      OR (SELECT coalesce(sum(`amount_minor`), 1) FROM `postings` WHERE `entry_id` = NEW.`id`) != 0
      OR EXISTS (SELECT 1 FROM `postings` WHERE `entry_id` = NEW.`id` AND `effective_date` != NEW.`effective_date`);
  SELECT RAISE(ABORT, 'cross_alliance')
   WHERE EXISTS (SELECT 1 FROM `postings` p JOIN `accounts` a ON a.`id` = p.`account_id`
                  WHERE p.`entry_id` = NEW.`id` AND a.`alliance_id` != NEW.`alliance_id`);
  SELECT RAISE(ABORT, 'reversal_mismatch')
   WHERE NEW.`reverses_entry_id` IS NOT NULL AND (
         NOT EXISTS (SELECT 1 FROM `entries` WHERE `id` = NEW.`reverses_entry_id` AND `reverses_entry_id` IS NULL)
      OR EXISTS (SELECT 1 FROM (SELECT sum(`amount_minor`) AS `net` FROM `postings`
                                 WHERE `entry_id` IN (NEW.`id`, NEW.`reverses_entry_id`)
                                 GROUP BY +`account_id`) WHERE `net` != 0));
END;
--> statement-breakpoint
-- Sealing an entry moves each of its accounts' balances by the account's net amount in the
-- entry, in one UPDATE per account: the accounts.balance_rule CHECK then judges the balance the
-- entry leaves behind (not an intermediate one that depends on posting order), and refusing it
-- aborts the whole batch. Postings never sealed by an entry move nothing.
CREATE TRIGGER `entries_move_balances` AFTER INSERT ON `entries`
BEGIN
  -- The unary + on account_id keeps SQLite on the (entry_id, line) index: through the account
  -- index it would read every posting the account ever had, making busy accounts slow to post.
  UPDATE `accounts`
     SET `balance_minor` = `balance_minor` + (SELECT sum(`amount_minor`) FROM `postings`
                                               WHERE `entry_id` = NEW.`id` AND +`account_id` = `accounts`.`id`),
         `posting_count` = `posting_count` + (SELECT count(*) FROM `postings`
                                               WHERE `entry_id` = NEW.`id` AND +`account_id` = `accounts`.`id`)
   WHERE `id` IN (SELECT `account_id` FROM `postings` WHERE `entry_id` = NEW.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `entries_no_update` BEFORE UPDATE ON `entries`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `entries_no_delete` BEFORE DELETE ON `entries`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
-- Accounts are never removed and never change what they are; only the balance (moved by the
-- posting trigger) and the display name change.
CREATE TRIGGER `accounts_no_delete` BEFORE DELETE ON `accounts`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `accounts_fixed_identity` BEFORE UPDATE OF `code`, `type`, `normal_side`, `allow_negative`, `alliance_id` ON `accounts`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `idempotency_keys_no_update` BEFORE UPDATE ON `idempotency_keys`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
