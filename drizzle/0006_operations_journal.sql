CREATE TABLE `journal` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`op_id` integer NOT NULL,
	`tbl` text NOT NULL,
	`row_id` integer NOT NULL,
	`action` text NOT NULL,
	`before` text,
	`after` text,
	FOREIGN KEY (`op_id`) REFERENCES `operations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `journal_row` ON `journal` (`tbl`,`row_id`);--> statement-breakpoint
CREATE INDEX `journal_op` ON `journal` (`op_id`);--> statement-breakpoint
CREATE TABLE `journal_ranges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`op_id` integer NOT NULL,
	`tbl` text NOT NULL,
	`first_id` integer NOT NULL,
	`last_id` integer NOT NULL,
	FOREIGN KEY (`op_id`) REFERENCES `operations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `journal_ranges_row` ON `journal_ranges` (`tbl`,`first_id`);--> statement-breakpoint
CREATE INDEX `journal_ranges_op` ON `journal_ranges` (`op_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_settings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_settings`("key", "value") SELECT "key", "value" FROM `settings`;--> statement-breakpoint
DROP TABLE `settings`;--> statement-breakpoint
ALTER TABLE `__new_settings` RENAME TO `settings`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `settings_key_unique` ON `settings` (`key`);--> statement-breakpoint
ALTER TABLE `clients` ADD `active` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `operations` ADD `kind` text DEFAULT 'import' NOT NULL;--> statement-breakpoint
ALTER TABLE `operations` ADD `argv` text;--> statement-breakpoint
ALTER TABLE `operations` ADD `source_sha256` text;--> statement-breakpoint
ALTER TABLE `operations` ADD `finished_at` text;--> statement-breakpoint
ALTER TABLE `operations` ADD `tables` text;--> statement-breakpoint
ALTER TABLE `operations` ADD `undoes` integer;--> statement-breakpoint
ALTER TABLE `operations` ADD `undone_by` integer;--> statement-breakpoint
ALTER TABLE `suppliers` ADD `active` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- operations recorded before the journal: their kind from their command (they cannot be undone)
UPDATE `operations` SET `kind` = CASE WHEN `command` LIKE 'plan revise%' THEN 'revise' WHEN `command` LIKE '% add' THEN 'add' WHEN `command` LIKE '% edit' THEN 'edit' ELSE 'import' END;
