CREATE TABLE `budget_parties` (
	`budget_id` text NOT NULL,
	`person_id` text NOT NULL,
	`role` text NOT NULL,
	`added_at` text NOT NULL,
	`removed_at` text,
	`removed_reason` text,
	PRIMARY KEY(`budget_id`, `person_id`),
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `budget_parties_person` ON `budget_parties` (`person_id`);--> statement-breakpoint
CREATE TABLE `budgets` (
	`id` text PRIMARY KEY NOT NULL,
	`alliance_id` text NOT NULL,
	`stream_id` text NOT NULL,
	`holder_id` text NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`control_mode` text NOT NULL,
	`status` text NOT NULL,
	`closed_on` text,
	`rolled_from` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`stream_id`) REFERENCES `streams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`holder_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "budget_period" CHECK("budgets"."period_start" <= "budgets"."period_end")
);
--> statement-breakpoint
CREATE INDEX `budgets_holder` ON `budgets` (`holder_id`);--> statement-breakpoint
CREATE INDEX `budgets_alliance` ON `budgets` (`alliance_id`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` text PRIMARY KEY NOT NULL,
	`alliance_id` text NOT NULL,
	`reference` text NOT NULL,
	`kind` text NOT NULL,
	`name` text,
	`erased_at` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_alliance_reference` ON `people` (`alliance_id`,`reference`);--> statement-breakpoint
CREATE TABLE `pool_members` (
	`pool_id` text NOT NULL,
	`budget_id` text NOT NULL,
	`joined_seq` integer NOT NULL,
	`joined_at` text NOT NULL,
	`left_at` text,
	PRIMARY KEY(`pool_id`, `budget_id`),
	FOREIGN KEY (`pool_id`) REFERENCES `pools`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `pool_purchases` (
	`id` text PRIMARY KEY NOT NULL,
	`pool_id` text NOT NULL,
	`provider` text NOT NULL,
	`category` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`bought_on` text NOT NULL,
	`description` text NOT NULL,
	`entry_id` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`pool_id`) REFERENCES `pools`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `pools` (
	`id` text PRIMARY KEY NOT NULL,
	`alliance_id` text NOT NULL,
	`name` text NOT NULL,
	`coordinator_person_id` text NOT NULL,
	`split_rule` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`coordinator_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `spends` (
	`id` text PRIMARY KEY NOT NULL,
	`budget_id` text NOT NULL,
	`alliance_id` text NOT NULL,
	`provider` text NOT NULL,
	`category` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`spent_on` text NOT NULL,
	`description` text NOT NULL,
	`status` text NOT NULL,
	`needs_approval` integer NOT NULL,
	`requested_by` text NOT NULL,
	`decided_by` text,
	`decided_at` text,
	`decision_reason` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`budget_id`) REFERENCES `budgets`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "spend_positive" CHECK("spends"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE INDEX `spends_budget` ON `spends` (`budget_id`,`spent_on`);--> statement-breakpoint
CREATE TABLE `streams` (
	`id` text PRIMARY KEY NOT NULL,
	`alliance_id` text NOT NULL,
	`name` text NOT NULL,
	`allowed_categories` text NOT NULL,
	`forbidden_categories` text NOT NULL,
	`extra_categories` text NOT NULL,
	`allowed_providers` text,
	`approval_limit_minor` integer NOT NULL,
	`top_slice_bp` integer NOT NULL,
	`period_end_rule` text NOT NULL,
	`created_at` text NOT NULL
);
