-- Sessions remember when they were last used (issue 10), as tokens do (0012): to the minute.
ALTER TABLE `sessions` ADD COLUMN `last_used_at` text;
