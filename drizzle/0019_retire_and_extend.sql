-- Panel members retire (issue 13): the row stays, since past sittings name them; a retired
-- member sits at no sitting held on or after the day they retired, and retires once.
ALTER TABLE `panel_members` ADD COLUMN `retired_on` text;
--> statement-breakpoint
CREATE TRIGGER `panel_members_retire_once` BEFORE UPDATE OF `retired_on` ON `panel_members`
WHEN OLD.`retired_on` IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'panel_member_retired');
END;
--> statement-breakpoint
CREATE TRIGGER `sitting_members_not_retired` BEFORE INSERT ON `sitting_members`
WHEN EXISTS (
  SELECT 1 FROM `panel_members` p JOIN `sittings` s ON s.`id` = NEW.`sitting_id`
   WHERE p.`id` = NEW.`member_id` AND p.`retired_on` IS NOT NULL AND p.`retired_on` <= s.`held_on`)
BEGIN
  SELECT RAISE(ABORT, 'panel_member_retired');
END;
--> statement-breakpoint
-- A follow-up's due date moves only later, and only while it is still due (issue 13). Closing a
-- follow-up rewrites its row with the same date, which is not a move.
CREATE TRIGGER `follow_ups_extend_later` BEFORE UPDATE OF `due_on` ON `follow_ups`
WHEN NEW.`due_on` != OLD.`due_on` AND (OLD.`status` != 'due' OR NEW.`due_on` < OLD.`due_on`)
BEGIN
  SELECT RAISE(ABORT, 'follow_up_not_extendable');
END;
