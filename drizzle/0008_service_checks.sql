-- One row the readiness check rewrites: a real, tiny write, so a full, read-only or damaged
-- database shows up in /health/ready before a request that moves money meets it.
CREATE TABLE `service_checks` (
	`id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
	`checked_at` text NOT NULL
);
