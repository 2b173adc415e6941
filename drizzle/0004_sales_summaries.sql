CREATE TABLE `sales_summary` (
	`month` text NOT NULL,
	`group_id` integer NOT NULL,
	`amount` integer NOT NULL,
	`qty` real NOT NULL,
	`cost` integer NOT NULL,
	`lines` integer NOT NULL,
	`orders` integer NOT NULL,
	PRIMARY KEY(`month`, `group_id`)
);
--> statement-breakpoint
CREATE TABLE `sales_summary_client` (
	`month` text NOT NULL,
	`client_id` integer NOT NULL,
	`manager_id` integer NOT NULL,
	`amount` integer NOT NULL,
	`qty` real NOT NULL,
	`cost` integer NOT NULL,
	`lines` integer NOT NULL,
	`orders` integer NOT NULL,
	PRIMARY KEY(`month`, `client_id`, `manager_id`)
);
