-- Individual budgets: the boundaries a spend must stay inside, enforced by the database inside
-- the batch that records it. The money itself is held by the no-overdraft accounts: budget:<id>,
-- budget:<id>:held (pending spends) and pool:<id>:member:<budget> (pool shares).

CREATE TRIGGER `spends_rules` BEFORE INSERT ON `spends`
BEGIN
  SELECT RAISE(ABORT, 'budget_closed')
   WHERE (SELECT `status` FROM `budgets` WHERE `id` = NEW.`budget_id`) != 'open';
  SELECT RAISE(ABORT, 'outside_period')
   WHERE NEW.`spent_on` < (SELECT `period_start` FROM `budgets` WHERE `id` = NEW.`budget_id`)
      OR NEW.`spent_on` > (SELECT `period_end` FROM `budgets` WHERE `id` = NEW.`budget_id`);
  SELECT RAISE(ABORT, 'category_forbidden')
   WHERE EXISTS (SELECT 1 FROM `budgets` b JOIN `streams` s ON s.`id` = b.`stream_id`, json_each(s.`forbidden_categories`) f
                  WHERE b.`id` = NEW.`budget_id` AND f.`value` = NEW.`category`);
  SELECT RAISE(ABORT, 'category_not_allowed')
   WHERE EXISTS (SELECT 1 FROM `budgets` b JOIN `streams` s ON s.`id` = b.`stream_id`
                  WHERE b.`id` = NEW.`budget_id` AND json_array_length(s.`allowed_categories`) > 0
                    AND NOT EXISTS (SELECT 1 FROM json_each(s.`allowed_categories`) a WHERE a.`value` = NEW.`category`));
  SELECT RAISE(ABORT, 'provider_not_allowed')
   WHERE EXISTS (SELECT 1 FROM `budgets` b JOIN `streams` s ON s.`id` = b.`stream_id`
                  WHERE b.`id` = NEW.`budget_id` AND s.`allowed_providers` IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM json_each(s.`allowed_providers`) p WHERE p.`value` = NEW.`provider`));
  -- Above the stream's limit a spend waits for a second approval; it cannot be recorded as done.
  SELECT RAISE(ABORT, 'approval_required')
   WHERE NEW.`amount_minor` > (SELECT s.`approval_limit_minor` FROM `budgets` b JOIN `streams` s ON s.`id` = b.`stream_id` WHERE b.`id` = NEW.`budget_id`)
     AND (NEW.`status` != 'pending' OR NEW.`needs_approval` = 0);
END;
--> statement-breakpoint
CREATE TRIGGER `spends_status_flow` BEFORE UPDATE OF `status` ON `spends`
WHEN NOT (OLD.`status` = 'pending' AND NEW.`status` IN ('approved', 'rejected', 'withdrawn'))
BEGIN
  SELECT RAISE(ABORT, 'spend_not_pending');
END;
--> statement-breakpoint
CREATE TRIGGER `spends_fixed_facts` BEFORE UPDATE OF `id`, `budget_id`, `alliance_id`, `provider`, `category`, `amount_minor`, `spent_on`, `needs_approval`, `requested_by` ON `spends`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `spends_no_delete` BEFORE DELETE ON `spends`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `budgets_close_once` BEFORE UPDATE OF `status` ON `budgets`
WHEN NOT (OLD.`status` = 'open' AND NEW.`status` = 'closed')
BEGIN
  SELECT RAISE(ABORT, 'budget_closed');
END;
--> statement-breakpoint
CREATE TRIGGER `budgets_fixed_facts` BEFORE UPDATE OF `id`, `alliance_id`, `stream_id`, `holder_id`, `period_start`, `period_end`, `control_mode` ON `budgets`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `budgets_no_delete` BEFORE DELETE ON `budgets`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
-- A closed budget joins no pool, and money does not move into a pool from it.
CREATE TRIGGER `pool_members_open_budget` BEFORE INSERT ON `pool_members`
WHEN (SELECT `status` FROM `budgets` WHERE `id` = NEW.`budget_id`) != 'open'
BEGIN
  SELECT RAISE(ABORT, 'budget_closed');
END;
--> statement-breakpoint
CREATE TRIGGER `pool_members_leave_once` BEFORE UPDATE OF `left_at` ON `pool_members`
WHEN OLD.`left_at` IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'not_a_member');
END;
--> statement-breakpoint
CREATE TRIGGER `pool_purchases_no_update` BEFORE UPDATE ON `pool_purchases`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `pool_purchases_no_delete` BEFORE DELETE ON `pool_purchases`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
