CREATE TABLE `plan_run_cash_in` (
	`run_id` integer NOT NULL,
	`month` text NOT NULL,
	`source` text NOT NULL,
	`group_id` integer,
	`client_id` integer,
	`amount` real NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `plan_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `product_groups`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_run_cash_in_run` ON `plan_run_cash_in` (`run_id`);--> statement-breakpoint
CREATE TABLE `plan_run_demand` (
	`run_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`group_id` integer NOT NULL,
	`month` text NOT NULL,
	`amount` real NOT NULL,
	`qty` real NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `plan_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_id`) REFERENCES `product_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_run_demand_run` ON `plan_run_demand` (`run_id`,`product_id`);--> statement-breakpoint
CREATE TABLE `plan_run_inventory` (
	`run_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`month` text NOT NULL,
	`opening` real NOT NULL,
	`scheduled` real NOT NULL,
	`planned` real NOT NULL,
	`demand` real NOT NULL,
	`closing` real NOT NULL,
	`min_stock` real NOT NULL,
	`need` real NOT NULL,
	`closing_value` real NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `plan_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_run_inventory_run` ON `plan_run_inventory` (`run_id`,`product_id`);--> statement-breakpoint
CREATE TABLE `plan_run_order_cash` (
	`run_id` integer NOT NULL,
	`month` text NOT NULL,
	`direction` text NOT NULL,
	`document` text NOT NULL,
	`party_id` integer NOT NULL,
	`amount` real NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `plan_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `plan_run_order_cash_run` ON `plan_run_order_cash` (`run_id`);--> statement-breakpoint
CREATE TABLE `plan_run_purchases` (
	`run_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`supplier_id` integer,
	`receipt_month` text NOT NULL,
	`order_date` text NOT NULL,
	`qty` real NOT NULL,
	`amount` real NOT NULL,
	`late` integer NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `plan_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_run_purchases_run` ON `plan_run_purchases` (`run_id`,`product_id`);--> statement-breakpoint
CREATE TABLE `plan_run_supplier_payments` (
	`run_id` integer NOT NULL,
	`supplier_id` integer,
	`month` text NOT NULL,
	`source` text NOT NULL,
	`amount` real NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `plan_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_run_supplier_payments_run` ON `plan_run_supplier_payments` (`run_id`);--> statement-breakpoint
CREATE TABLE `plan_run_traces` (
	`run_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`trace` text NOT NULL,
	PRIMARY KEY(`run_id`, `product_id`),
	FOREIGN KEY (`run_id`) REFERENCES `plan_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `plan_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`from_month` text NOT NULL,
	`months` integer NOT NULL,
	`lookback` integer NOT NULL,
	`sales_version_id` integer,
	`stock_version_id` integer,
	`user` text NOT NULL,
	`created_at` text NOT NULL,
	`as_of` text NOT NULL,
	`warnings` text NOT NULL,
	FOREIGN KEY (`sales_version_id`) REFERENCES `plan_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`stock_version_id`) REFERENCES `plan_versions`(`id`) ON UPDATE no action ON DELETE no action
);
