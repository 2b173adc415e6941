CREATE TABLE `commission_payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`payment_no` text NOT NULL,
	`date` text NOT NULL,
	`manager_id` integer NOT NULL,
	`amount` integer NOT NULL,
	FOREIGN KEY (`manager_id`) REFERENCES `managers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `commission_payments_payment_no_unique` ON `commission_payments` (`payment_no`);--> statement-breakpoint
CREATE INDEX `commission_payments_manager` ON `commission_payments` (`manager_id`,`date`);--> statement-breakpoint
CREATE TABLE `commission_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`manager_id` integer NOT NULL,
	`from_date` text NOT NULL,
	`base` text NOT NULL,
	`pct` real NOT NULL,
	`group_id` integer,
	FOREIGN KEY (`manager_id`) REFERENCES `managers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_id`) REFERENCES `product_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `commission_rules_manager` ON `commission_rules` (`manager_id`,`from_date`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delivery_no` text NOT NULL,
	`date` text NOT NULL,
	`shipment_id` integer NOT NULL,
	`carrier` text,
	`cost` integer NOT NULL,
	FOREIGN KEY (`shipment_id`) REFERENCES `shipments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_delivery_no_unique` ON `deliveries` (`delivery_no`);--> statement-breakpoint
CREATE INDEX `deliveries_shipment` ON `deliveries` (`shipment_id`);--> statement-breakpoint
CREATE INDEX `deliveries_date` ON `deliveries` (`date`);--> statement-breakpoint
CREATE TABLE `prices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`product_id` integer NOT NULL,
	`price_type` text NOT NULL,
	`price` integer NOT NULL,
	`from_date` text NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `prices_key` ON `prices` (`product_id`,`price_type`,`from_date`);--> statement-breakpoint
ALTER TABLE `clients` ADD `price_type` text;