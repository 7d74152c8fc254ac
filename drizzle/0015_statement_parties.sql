-- Statements name who each payment was to or from (issue 12): a bank statement line joins its
-- entry to the receipt, payment, return or pool purchase it was made for. These indexes make that
-- one lookup per line instead of a scan of the table for every line of a long statement.
CREATE INDEX `receipts_entry` ON `receipts` (`entry_id`);
--> statement-breakpoint
CREATE INDEX `disbursements_entry` ON `disbursements` (`entry_id`);
--> statement-breakpoint
CREATE INDEX `grant_returns_entry` ON `grant_returns` (`entry_id`);
--> statement-breakpoint
CREATE INDEX `pool_purchases_entry` ON `pool_purchases` (`entry_id`);
