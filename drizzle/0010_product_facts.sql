CREATE TABLE `product_month_sales` (
	`product_id` integer NOT NULL,
	`month` text NOT NULL,
	`amount` integer NOT NULL,
	`qty` real NOT NULL,
	`cost` integer NOT NULL,
	`lines` integer NOT NULL,
	`qty_days` real NOT NULL,
	`first_date` text NOT NULL,
	`last_date` text NOT NULL,
	PRIMARY KEY(`product_id`, `month`)
);
--> statement-breakpoint
CREATE INDEX `product_month_sales_month` ON `product_month_sales` (`month`);--> statement-breakpoint
CREATE TABLE `sales_summary_client_group` (
	`month` text NOT NULL,
	`client_id` integer NOT NULL,
	`group_id` integer NOT NULL,
	`amount` integer NOT NULL,
	`qty` real NOT NULL,
	`cost` integer NOT NULL,
	`lines` integer NOT NULL,
	`orders` integer NOT NULL,
	PRIMARY KEY(`month`, `client_id`, `group_id`)
);
