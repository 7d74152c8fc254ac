-- The working list reads the oldest open items of each kind, 25 at a time, and counts them
-- (issue 14, bench figure 6a). Measured on the bench world (every application awarded, half
-- paid) at 10,000 applications, each query alone, fastest of 30: the follow-ups due 2.65 ms ->
-- 0.12 ms, the open counts 5.35 ms -> 0.52 ms.

-- Follow-ups due, oldest first: with the award id in the index the order is the index's own, so
-- the first 25 are read and nothing is sorted (before: every due follow-up, then a sort).
DROP INDEX `follow_ups_alliance_due`;
--> statement-breakpoint
CREATE INDEX `follow_ups_alliance_due` ON `follow_ups` (`alliance_id`,`status`,`due_on`,`award_id`);
--> statement-breakpoint
-- Awards by date then id, as every award list orders them: the same, for awards not yet paid.
DROP INDEX `awards_alliance`;
--> statement-breakpoint
CREATE INDEX `awards_alliance` ON `awards` (`alliance_id`,`awarded_on`,`id`);
--> statement-breakpoint
-- Award accounts still owed money (credit-normal: a negative balance is awarded, not yet paid),
-- and nothing else: counting what waits for payment reads this index alone, one entry per
-- unpaid award, instead of every award ever made and its account. A cancelled award's account
-- is at zero (the cancellation posts the whole remainder back to the fund, and nothing is paid
-- after it), so it is never here.
CREATE INDEX `accounts_award_owing` ON `accounts` (`alliance_id`,`code`)
  WHERE `code` >= 'award:' AND `code` < 'award;' AND `balance_minor` < 0;
