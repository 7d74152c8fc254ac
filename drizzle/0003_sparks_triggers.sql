-- Small Sparks rules, enforced by the database inside the batch that records a decision or a
-- payment (the fund's cover is the ledger's balance_rule on the fund account). The messages are
-- the problem codes the API returns.

-- Those who decide: members at the sitting who have not declared a conflict on the application.
CREATE VIEW `deciding_members` AS
  SELECT a.`id` AS `application_id`, sm.`sitting_id`, sm.`member_id`, sm.`lived_experience`
    FROM `sitting_members` sm
    JOIN `sittings` s ON s.`id` = sm.`sitting_id`
    JOIN `applications` a ON a.`alliance_id` = s.`alliance_id`
   WHERE NOT EXISTS (SELECT 1 FROM `conflicts` c
                      WHERE c.`sitting_id` = sm.`sitting_id` AND c.`member_id` = sm.`member_id` AND c.`application_id` = a.`id`);
--> statement-breakpoint
CREATE TRIGGER `decisions_rules` BEFORE INSERT ON `decisions`
BEGIN
  SELECT RAISE(ABORT, 'not_awaiting_decision')
   WHERE coalesce((SELECT `status` FROM `applications` WHERE `id` = NEW.`application_id` AND `alliance_id` = NEW.`alliance_id`), 'missing')
         NOT IN ('received', 'deferred');
  SELECT RAISE(ABORT, 'sitting_not_found')
   WHERE NOT EXISTS (SELECT 1 FROM `sittings` WHERE `id` = NEW.`sitting_id` AND `alliance_id` = NEW.`alliance_id` AND `held_on` = NEW.`decided_on`);
  SELECT RAISE(ABORT, 'decided_before_received')
   WHERE NEW.`decided_on` < (SELECT `received_on` FROM `applications` WHERE `id` = NEW.`application_id`);
  SELECT RAISE(ABORT, 'decision_counts_mismatch')
   WHERE NEW.`deciding_members` != (SELECT count(*) FROM `deciding_members` WHERE `application_id` = NEW.`application_id` AND `sitting_id` = NEW.`sitting_id`)
      OR NEW.`lived_experience_members` != (SELECT count(*) FROM `deciding_members` WHERE `application_id` = NEW.`application_id` AND `sitting_id` = NEW.`sitting_id` AND `lived_experience` = 1);
  SELECT RAISE(ABORT, 'not_quorate')
   WHERE NEW.`deciding_members` < (SELECT `quorum` FROM `alliances` WHERE `id` = NEW.`alliance_id`);
  SELECT RAISE(ABORT, 'lived_experience_minority')
   WHERE (SELECT `lived_experience_majority` FROM `alliances` WHERE `id` = NEW.`alliance_id`) = 1
     AND 2 * NEW.`lived_experience_members` <= NEW.`deciding_members`;
  SELECT RAISE(ABORT, 'amount_out_of_range')
   WHERE NEW.`outcome` = 'award' AND (
         NEW.`amount_minor` IS NULL
      OR NEW.`amount_minor` < (SELECT `grant_floor_minor` FROM `alliances` WHERE `id` = NEW.`alliance_id`)
      OR NEW.`amount_minor` > (SELECT `grant_ceiling_minor` FROM `alliances` WHERE `id` = NEW.`alliance_id`));
  SELECT RAISE(ABORT, 'applicant_overdue_follow_up')
   WHERE NEW.`outcome` = 'award'
     AND (SELECT `allow_award_when_overdue` FROM `alliances` WHERE `id` = NEW.`alliance_id`) = 0
     AND EXISTS (SELECT 1 FROM `follow_ups` f JOIN `awards` w ON w.`id` = f.`award_id`
                  WHERE w.`applicant_id` = (SELECT `applicant_id` FROM `applications` WHERE `id` = NEW.`application_id`)
                    AND f.`status` = 'due' AND f.`due_on` < NEW.`decided_on`);
END;
--> statement-breakpoint
CREATE TRIGGER `decisions_no_update` BEFORE UPDATE ON `decisions`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `decisions_no_delete` BEFORE DELETE ON `decisions`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
-- An application moves only from awaiting a decision to a decided state.
CREATE TRIGGER `applications_status_flow` BEFORE UPDATE OF `status` ON `applications`
WHEN NOT (OLD.`status` IN ('received', 'deferred') AND NEW.`status` IN ('awarded', 'declined', 'deferred', 'withdrawn'))
BEGIN
  SELECT RAISE(ABORT, 'not_awaiting_decision');
END;
--> statement-breakpoint
CREATE TRIGGER `applications_fixed_facts` BEFORE UPDATE OF `id`, `alliance_id`, `applicant_id`, `amount_asked_minor`, `received_on` ON `applications`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `applications_no_delete` BEFORE DELETE ON `applications`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
-- An award exists only for an application just marked awarded by a matching award decision.
CREATE TRIGGER `awards_rules` BEFORE INSERT ON `awards`
BEGIN
  SELECT RAISE(ABORT, 'award_without_decision')
   WHERE NOT EXISTS (SELECT 1 FROM `decisions` d
                      WHERE d.`id` = NEW.`decision_id` AND d.`outcome` = 'award' AND d.`application_id` = NEW.`application_id`
                        AND d.`amount_minor` = NEW.`amount_minor` AND d.`alliance_id` = NEW.`alliance_id`)
      OR (SELECT `status` FROM `applications` WHERE `id` = NEW.`application_id`) != 'awarded';
END;
--> statement-breakpoint
CREATE TRIGGER `awards_cancel_once` BEFORE UPDATE OF `cancelled_on` ON `awards`
WHEN OLD.`cancelled_on` IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'already_cancelled');
END;
--> statement-breakpoint
CREATE TRIGGER `awards_fixed_facts` BEFORE UPDATE OF `id`, `alliance_id`, `application_id`, `applicant_id`, `decision_id`, `amount_minor`, `awarded_on`, `entry_id`, `domain` ON `awards`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `awards_no_delete` BEFORE DELETE ON `awards`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
-- Money goes out only on an award that stands; the award account's balance rule stops it
-- going out beyond the award.
CREATE TRIGGER `disbursements_rules` BEFORE INSERT ON `disbursements`
BEGIN
  SELECT RAISE(ABORT, 'award_cancelled')
   WHERE (SELECT `cancelled_on` FROM `awards` WHERE `id` = NEW.`award_id`) IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `disbursements_no_update` BEFORE UPDATE ON `disbursements`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `disbursements_no_delete` BEFORE DELETE ON `disbursements`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
-- A person can hand back at most what they were paid.
CREATE TRIGGER `grant_returns_rules` BEFORE INSERT ON `grant_returns`
BEGIN
  SELECT RAISE(ABORT, 'return_exceeds_paid')
   WHERE (SELECT coalesce(sum(`amount_minor`), 0) FROM `grant_returns` WHERE `award_id` = NEW.`award_id`) + NEW.`amount_minor`
       > (SELECT coalesce(sum(`amount_minor`), 0) FROM `disbursements` WHERE `award_id` = NEW.`award_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `grant_returns_no_update` BEFORE UPDATE ON `grant_returns`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `grant_returns_no_delete` BEFORE DELETE ON `grant_returns`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `receipts_no_update` BEFORE UPDATE ON `receipts`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
CREATE TRIGGER `receipts_no_delete` BEFORE DELETE ON `receipts`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
-- A follow-up is closed once: heard or waived.
CREATE TRIGGER `follow_ups_close_once` BEFORE UPDATE OF `status` ON `follow_ups`
WHEN OLD.`status` != 'due' OR NEW.`status` NOT IN ('heard', 'waived')
BEGIN
  SELECT RAISE(ABORT, 'follow_up_closed');
END;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_no_delete` BEFORE DELETE ON `follow_ups`
BEGIN
  SELECT RAISE(ABORT, 'append_only');
END;
--> statement-breakpoint
-- A sitting's membership is fixed once decisions rely on it.
CREATE TRIGGER `sitting_members_frozen` BEFORE INSERT ON `sitting_members`
WHEN EXISTS (SELECT 1 FROM `decisions` WHERE `sitting_id` = NEW.`sitting_id`)
BEGIN
  SELECT RAISE(ABORT, 'sitting_has_decisions');
END;
--> statement-breakpoint
CREATE TRIGGER `conflicts_before_decision` BEFORE INSERT ON `conflicts`
WHEN EXISTS (SELECT 1 FROM `decisions` WHERE `sitting_id` = NEW.`sitting_id` AND `application_id` = NEW.`application_id`)
BEGIN
  SELECT RAISE(ABORT, 'already_decided_at_sitting');
END;
