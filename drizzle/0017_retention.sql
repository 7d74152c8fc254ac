-- Retention (issue 10): how many years an alliance keeps a person's personal data after their last
-- activity; the retention job erases what has passed it. Six years unless the alliance says otherwise.
ALTER TABLE `alliances` ADD COLUMN `retention_years` integer NOT NULL DEFAULT 6 CHECK (`retention_years` BETWEEN 1 AND 50);
