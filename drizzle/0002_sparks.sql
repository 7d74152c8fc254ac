CREATE TABLE `alliances` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`grant_ceiling_minor` integer NOT NULL,
	`grant_floor_minor` integer NOT NULL,
	`follow_up_days` integer NOT NULL,
	`quorum` integer NOT NULL,
	`lived_experience_majority` integer NOT NULL,
	`allow_award_when_overdue` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "grant_limits" CHECK("alliances"."grant_floor_minor" > 0 AND "alliances"."grant_floor_minor" <= "alliances"."grant_ceiling_minor" AND "alliances"."grant_ceiling_minor" <= 10000000),
	CONSTRAINT "follow_up_window" CHECK("alliances"."follow_up_days" BETWEEN 1 AND 365),
	CONSTRAINT "quorum_range" CHECK("alliances"."quorum" BETWEEN 1 AND 20)
);
--> statement-breakpoint
CREATE TABLE `applicants` (
	`id` text PRIMARY KEY NOT NULL,
	`alliance_id` text NOT NULL,
	`reference` text NOT NULL,
	`name` text,
	`contact` text,
	`consent_recorded_at` text NOT NULL,
	`erased_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`alliance_id`) REFERENCES `alliances`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `applicants_alliance_reference` ON `applicants` (`alliance_id`,`reference`);--> statement-breakpoint
CREATE TABLE `applications` (
	`id` text PRIMARY KEY NOT NULL,
	`alliance_id` text NOT NULL,
	`applicant_id` text NOT NULL,
	`amount_asked_minor` integer NOT NULL,
	`purpose` text,
	`domain` text NOT NULL,
	`received_on` text NOT NULL,
	`notes` text,
	`status` text NOT NULL,
	`recorded_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`alliance_id`) REFERENCES `alliances`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`applicant_id`) REFERENCES `applicants`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "amount_asked_positive" CHECK("applications"."amount_asked_minor" > 0)
);
--> statement-breakpoint
CREATE INDEX `applications_alliance_status` ON `applications` (`alliance_id`,`status`);--> statement-breakpoint
CREATE INDEX `applications_applicant` ON `applications` (`applicant_id`);--> statement-breakpoint
CREATE TABLE `awards` (
	`id` text PRIMARY KEY NOT NULL,
	`alliance_id` text NOT NULL,
	`application_id` text NOT NULL,
	`applicant_id` text NOT NULL,
	`decision_id` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`purpose` text,
	`domain` text NOT NULL,
	`awarded_on` text NOT NULL,
	`entry_id` text NOT NULL,
	`cancelled_on` text,
	`cancel_reason` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`alliance_id`) REFERENCES `alliances`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`applicant_id`) REFERENCES `applicants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `awards_application` ON `awards` (`application_id`);--> statement-breakpoint
CREATE INDEX `awards_alliance` ON `awards` (`alliance_id`,`awarded_on`);--> statement-breakpoint
CREATE INDEX `awards_applicant` ON `awards` (`applicant_id`);--> statement-breakpoint
CREATE TABLE `conflicts` (
	`sitting_id` text NOT NULL,
	`application_id` text NOT NULL,
	`member_id` text NOT NULL,
	`declared_at` text NOT NULL,
	PRIMARY KEY(`sitting_id`, `application_id`, `member_id`),
	FOREIGN KEY (`sitting_id`) REFERENCES `sittings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `panel_members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`alliance_id` text NOT NULL,
	`application_id` text NOT NULL,
	`sitting_id` text NOT NULL,
	`outcome` text NOT NULL,
	`amount_minor` integer,
	`reason` text,
	`decided_on` text NOT NULL,
	`decided_by` text NOT NULL,
	`deciding_members` integer NOT NULL,
	`lived_experience_members` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`alliance_id`) REFERENCES `alliances`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sitting_id`) REFERENCES `sittings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decisions_application` ON `decisions` (`application_id`);--> statement-breakpoint
CREATE TABLE `disbursements` (
	`id` text PRIMARY KEY NOT NULL,
	`award_id` text NOT NULL,
	`alliance_id` text NOT NULL,
	`method` text NOT NULL,
	`supplier` text,
	`reference` text,
	`amount_minor` integer NOT NULL,
	`paid_on` text NOT NULL,
	`entry_id` text NOT NULL,
	`recorded_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`award_id`) REFERENCES `awards`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "disbursement_positive" CHECK("disbursements"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE INDEX `disbursements_award` ON `disbursements` (`award_id`);--> statement-breakpoint
CREATE TABLE `follow_ups` (
	`award_id` text PRIMARY KEY NOT NULL,
	`alliance_id` text NOT NULL,
	`due_on` text NOT NULL,
	`status` text NOT NULL,
	`heard_on` text,
	`in_person` integer,
	`difference` text,
	`domains_improved` text,
	`waived_reason` text,
	`recorded_by` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`award_id`) REFERENCES `awards`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `follow_ups_alliance_due` ON `follow_ups` (`alliance_id`,`status`,`due_on`);--> statement-breakpoint
CREATE TABLE `grant_returns` (
	`id` text PRIMARY KEY NOT NULL,
	`award_id` text NOT NULL,
	`alliance_id` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`returned_on` text NOT NULL,
	`entry_id` text NOT NULL,
	`recorded_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`award_id`) REFERENCES `awards`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "return_positive" CHECK("grant_returns"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE INDEX `grant_returns_award` ON `grant_returns` (`award_id`);--> statement-breakpoint
CREATE TABLE `panel_members` (
	`id` text PRIMARY KEY NOT NULL,
	`alliance_id` text NOT NULL,
	`name` text,
	`lived_experience` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`alliance_id`) REFERENCES `alliances`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `panel_members_alliance` ON `panel_members` (`alliance_id`);--> statement-breakpoint
CREATE TABLE `receipts` (
	`id` text PRIMARY KEY NOT NULL,
	`alliance_id` text NOT NULL,
	`funder` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`received_on` text NOT NULL,
	`reference` text,
	`restricted` integer NOT NULL,
	`entry_id` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`alliance_id`) REFERENCES `alliances`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sitting_members` (
	`sitting_id` text NOT NULL,
	`member_id` text NOT NULL,
	`lived_experience` integer NOT NULL,
	PRIMARY KEY(`sitting_id`, `member_id`),
	FOREIGN KEY (`sitting_id`) REFERENCES `sittings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `panel_members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sittings` (
	`id` text PRIMARY KEY NOT NULL,
	`alliance_id` text NOT NULL,
	`held_on` text NOT NULL,
	`recorded_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`alliance_id`) REFERENCES `alliances`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sittings_alliance` ON `sittings` (`alliance_id`,`held_on`);