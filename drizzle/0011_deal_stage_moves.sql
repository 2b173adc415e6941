CREATE TABLE `deal_stage_moves` (
	`event_id` integer PRIMARY KEY NOT NULL,
	`deal_id` integer NOT NULL,
	`deal_date` text NOT NULL,
	`date` text NOT NULL,
	`stage_id` integer NOT NULL,
	`from_stage_id` integer,
	`days` integer NOT NULL,
	`next_date` text,
	`highest` integer,
	`other_channel` integer NOT NULL,
	`reason_id` integer
);
--> statement-breakpoint
CREATE INDEX `deal_stage_moves_deal` ON `deal_stage_moves` (`deal_id`);--> statement-breakpoint
CREATE INDEX `deal_stage_moves_move` ON `deal_stage_moves` (`from_stage_id`,`stage_id`,`deal_date`,`date`,`days`);