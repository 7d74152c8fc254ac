-- Erasure blanks personal words in rows that are otherwise append-only. Each trigger below
-- replaces one from 0001/0003/0005 with the same refusal, except for one change: the personal
-- text columns may be blanked (set to NULL, '' or the erased marker), never rewritten to other
-- words. Amounts, dates, statuses, ids and everything the hash chain covers stay fixed.
DROP TRIGGER `idempotency_keys_no_update`;
--> statement-breakpoint
CREATE TRIGGER `idempotency_keys_no_update` BEFORE UPDATE ON `idempotency_keys`
WHEN NEW.`alliance_id` IS NOT OLD.`alliance_id` OR NEW.`key` IS NOT OLD.`key`
  OR NEW.`fingerprint` IS NOT OLD.`fingerprint` OR NEW.`status` IS NOT OLD.`status`
  OR NEW.`created_at` IS NOT OLD.`created_at` OR NEW.`response_json` IS NOT '{"erased":true}'
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
DROP TRIGGER `entries_no_update`;
--> statement-breakpoint
-- The description is outside the hash (0001), so blanking it leaves the chain verifiable.
CREATE TRIGGER `entries_no_update` BEFORE UPDATE OF `id`, `seq`, `alliance_id`, `effective_date`, `recorded_at`, `actor`, `reason_code`, `reverses_entry_id`, `posting_count`, `prev_hash`, `hash` ON `entries`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `entries_description_erased_only` BEFORE UPDATE OF `description` ON `entries`
WHEN NEW.`description` NOT LIKE 'Personal details erased%'
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
DROP TRIGGER `decisions_no_update`;
--> statement-breakpoint
CREATE TRIGGER `decisions_no_update` BEFORE UPDATE ON `decisions`
WHEN NEW.`reason` IS NOT NULL
  OR NEW.`id` IS NOT OLD.`id` OR NEW.`alliance_id` IS NOT OLD.`alliance_id`
  OR NEW.`application_id` IS NOT OLD.`application_id` OR NEW.`sitting_id` IS NOT OLD.`sitting_id`
  OR NEW.`outcome` IS NOT OLD.`outcome` OR NEW.`amount_minor` IS NOT OLD.`amount_minor`
  OR NEW.`decided_on` IS NOT OLD.`decided_on` OR NEW.`decided_by` IS NOT OLD.`decided_by`
  OR NEW.`deciding_members` IS NOT OLD.`deciding_members`
  OR NEW.`lived_experience_members` IS NOT OLD.`lived_experience_members`
  OR NEW.`created_at` IS NOT OLD.`created_at`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
DROP TRIGGER `disbursements_no_update`;
--> statement-breakpoint
CREATE TRIGGER `disbursements_no_update` BEFORE UPDATE ON `disbursements`
WHEN NEW.`supplier` IS NOT NULL OR NEW.`reference` IS NOT NULL
  OR NEW.`id` IS NOT OLD.`id` OR NEW.`award_id` IS NOT OLD.`award_id`
  OR NEW.`alliance_id` IS NOT OLD.`alliance_id` OR NEW.`method` IS NOT OLD.`method`
  OR NEW.`amount_minor` IS NOT OLD.`amount_minor` OR NEW.`paid_on` IS NOT OLD.`paid_on`
  OR NEW.`entry_id` IS NOT OLD.`entry_id` OR NEW.`recorded_by` IS NOT OLD.`recorded_by`
  OR NEW.`created_at` IS NOT OLD.`created_at`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
DROP TRIGGER `spends_fixed_facts`;
--> statement-breakpoint
CREATE TRIGGER `spends_fixed_facts` BEFORE UPDATE OF `id`, `budget_id`, `alliance_id`, `provider`, `category`, `amount_minor`, `spent_on`, `needs_approval`, `requested_by` ON `spends`
WHEN NEW.`provider` <> '' OR NEW.`id` IS NOT OLD.`id` OR NEW.`budget_id` IS NOT OLD.`budget_id`
  OR NEW.`alliance_id` IS NOT OLD.`alliance_id` OR NEW.`category` IS NOT OLD.`category`
  OR NEW.`amount_minor` IS NOT OLD.`amount_minor` OR NEW.`spent_on` IS NOT OLD.`spent_on`
  OR NEW.`needs_approval` IS NOT OLD.`needs_approval` OR NEW.`requested_by` IS NOT OLD.`requested_by`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
DROP TRIGGER `pool_purchases_no_update`;
--> statement-breakpoint
CREATE TRIGGER `pool_purchases_no_update` BEFORE UPDATE ON `pool_purchases`
WHEN NEW.`provider` <> '' OR NEW.`description` <> ''
  OR NEW.`id` IS NOT OLD.`id` OR NEW.`pool_id` IS NOT OLD.`pool_id`
  OR NEW.`category` IS NOT OLD.`category` OR NEW.`amount_minor` IS NOT OLD.`amount_minor`
  OR NEW.`bought_on` IS NOT OLD.`bought_on` OR NEW.`entry_id` IS NOT OLD.`entry_id`
  OR NEW.`created_at` IS NOT OLD.`created_at`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
