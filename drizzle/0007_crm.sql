CREATE TABLE `claim_causes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claim_causes_code_unique` ON `claim_causes` (`code`);--> statement-breakpoint
CREATE TABLE `claims` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`claim_no` text NOT NULL,
	`date` text NOT NULL,
	`client_id` integer NOT NULL,
	`cause_id` integer NOT NULL,
	`status` text NOT NULL,
	`shipment_id` integer,
	`product_id` integer,
	`qty` real,
	`amount` integer,
	`result` text,
	`resolved_date` text,
	`manager_id` integer,
	`recovered_amount` integer,
	`description` text,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cause_id`) REFERENCES `claim_causes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`shipment_id`) REFERENCES `shipments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`manager_id`) REFERENCES `managers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claims_claim_no_unique` ON `claims` (`claim_no`);--> statement-breakpoint
CREATE INDEX `claims_date` ON `claims` (`date`);--> statement-breakpoint
CREATE INDEX `claims_client` ON `claims` (`client_id`);--> statement-breakpoint
CREATE INDEX `claims_shipment` ON `claims` (`shipment_id`);--> statement-breakpoint
CREATE TABLE `deal_stage_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`deal_id` integer NOT NULL,
	`date` text NOT NULL,
	`stage_id` integer NOT NULL,
	`reason_id` integer,
	`note` text,
	FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`stage_id`) REFERENCES `sales_stages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reason_id`) REFERENCES `refusal_reasons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deal_stage_events_deal_date` ON `deal_stage_events` (`deal_id`,`date`);--> statement-breakpoint
CREATE INDEX `deal_stage_events_stage` ON `deal_stage_events` (`stage_id`);--> statement-breakpoint
CREATE TABLE `deals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`deal_no` text NOT NULL,
	`date` text NOT NULL,
	`client_id` integer NOT NULL,
	`channel` text NOT NULL,
	`manager_id` integer,
	`title` text,
	`amount` integer,
	`expected_close` text,
	`order_id` integer,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`manager_id`) REFERENCES `managers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `sales_orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deals_deal_no_unique` ON `deals` (`deal_no`);--> statement-breakpoint
CREATE INDEX `deals_date` ON `deals` (`date`);--> statement-breakpoint
CREATE INDEX `deals_client` ON `deals` (`client_id`);--> statement-breakpoint
CREATE TABLE `interactions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`interaction_no` text NOT NULL,
	`date` text NOT NULL,
	`client_id` integer NOT NULL,
	`kind` text NOT NULL,
	`direction` text,
	`manager_id` integer,
	`contact` text,
	`subject` text,
	`document_no` text,
	`result` text,
	`next_date` text,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`manager_id`) REFERENCES `managers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `interactions_interaction_no_unique` ON `interactions` (`interaction_no`);--> statement-breakpoint
CREATE INDEX `interactions_client_date` ON `interactions` (`client_id`,`date`);--> statement-breakpoint
CREATE INDEX `interactions_date` ON `interactions` (`date`);--> statement-breakpoint
CREATE TABLE `negotiation_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`negotiation_id` integer NOT NULL,
	`item` text NOT NULL,
	`outcome` text NOT NULL,
	`note` text,
	FOREIGN KEY (`negotiation_id`) REFERENCES `negotiations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `negotiation_items_item` ON `negotiation_items` (`negotiation_id`,`item`);--> statement-breakpoint
CREATE TABLE `negotiation_templates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`template_code` text NOT NULL,
	`position` integer NOT NULL,
	`item` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `negotiation_templates_item` ON `negotiation_templates` (`template_code`,`item`);--> statement-breakpoint
CREATE TABLE `negotiations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`negotiation_no` text NOT NULL,
	`date` text NOT NULL,
	`client_id` integer NOT NULL,
	`template_code` text NOT NULL,
	`manager_id` integer,
	`result` text,
	`next_date` text,
	`note` text,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`manager_id`) REFERENCES `managers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `negotiations_negotiation_no_unique` ON `negotiations` (`negotiation_no`);--> statement-breakpoint
CREATE INDEX `negotiations_date` ON `negotiations` (`date`);--> statement-breakpoint
CREATE INDEX `negotiations_client` ON `negotiations` (`client_id`);--> statement-breakpoint
CREATE TABLE `sales_stages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`stage` text NOT NULL,
	`position` integer,
	`outcome` text DEFAULT 'open' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sales_stages_channel_stage` ON `sales_stages` (`channel`,`stage`);