CREATE TABLE `client_payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`payment_no` text NOT NULL,
	`date` text NOT NULL,
	`client_id` integer NOT NULL,
	`amount` integer NOT NULL,
	`order_id` integer,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `sales_orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `client_payments_payment_no_unique` ON `client_payments` (`payment_no`);--> statement-breakpoint
CREATE INDEX `client_payments_client_date` ON `client_payments` (`client_id`,`date`);--> statement-breakpoint
CREATE TABLE `clients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`inn` text,
	`manager_id` integer,
	`segment` text,
	`channel` text,
	`discount_pct` real DEFAULT 0 NOT NULL,
	`deferral_days` integer DEFAULT 0 NOT NULL,
	`credit_limit` integer,
	`purchase_potential` integer,
	FOREIGN KEY (`manager_id`) REFERENCES `managers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clients_code_unique` ON `clients` (`code`);--> statement-breakpoint
CREATE TABLE `managers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`active` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `managers_code_unique` ON `managers` (`code`);--> statement-breakpoint
CREATE TABLE `operations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`command` text NOT NULL,
	`entity` text,
	`source` text,
	`user` text NOT NULL,
	`started_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')) NOT NULL,
	`inserted` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`unchanged` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `plan_managers` (
	`version_id` integer NOT NULL,
	`month` text NOT NULL,
	`manager_id` integer NOT NULL,
	`indicator` text NOT NULL,
	`value` real NOT NULL,
	PRIMARY KEY(`version_id`, `month`, `manager_id`, `indicator`),
	FOREIGN KEY (`version_id`) REFERENCES `plan_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`manager_id`) REFERENCES `managers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `plan_min_stock` (
	`version_id` integer NOT NULL,
	`month` text NOT NULL,
	`product_id` integer NOT NULL,
	`qty` real NOT NULL,
	PRIMARY KEY(`version_id`, `month`, `product_id`),
	FOREIGN KEY (`version_id`) REFERENCES `plan_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `plan_sales` (
	`version_id` integer NOT NULL,
	`month` text NOT NULL,
	`group_id` integer NOT NULL,
	`amount` integer NOT NULL,
	PRIMARY KEY(`version_id`, `month`, `group_id`),
	FOREIGN KEY (`version_id`) REFERENCES `plan_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_id`) REFERENCES `product_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `plan_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`number` integer NOT NULL,
	`author` text NOT NULL,
	`created_at` text NOT NULL,
	`note` text,
	`source` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_versions_kind_number` ON `plan_versions` (`kind`,`number`);--> statement-breakpoint
CREATE TABLE `product_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`parent_id` integer,
	`illiquid_after_days` integer,
	FOREIGN KEY (`parent_id`) REFERENCES `product_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `product_groups_code_unique` ON `product_groups` (`code`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sku` text NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`group_id` integer NOT NULL,
	`unit` text,
	`price` integer NOT NULL,
	`cost` integer NOT NULL,
	`supplier_id` integer,
	`manager_id` integer,
	`support_level` text,
	`lead_time_days` integer DEFAULT 0 NOT NULL,
	`order_multiple` real DEFAULT 1 NOT NULL,
	`illiquid_after_days` integer,
	`active` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `product_groups`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`manager_id`) REFERENCES `managers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_sku_unique` ON `products` (`sku`);--> statement-breakpoint
CREATE INDEX `products_group` ON `products` (`group_id`);--> statement-breakpoint
CREATE INDEX `products_name_key` ON `products` (`name_key`);--> statement-breakpoint
CREATE TABLE `purchase_order_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`po_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`qty` real NOT NULL,
	`cost` integer NOT NULL,
	`expected_date` text,
	FOREIGN KEY (`po_id`) REFERENCES `purchase_orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `purchase_order_lines_po` ON `purchase_order_lines` (`po_id`);--> statement-breakpoint
CREATE INDEX `purchase_order_lines_product` ON `purchase_order_lines` (`product_id`);--> statement-breakpoint
CREATE TABLE `purchase_orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`po_no` text NOT NULL,
	`date` text NOT NULL,
	`supplier_id` integer NOT NULL,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purchase_orders_po_no_unique` ON `purchase_orders` (`po_no`);--> statement-breakpoint
CREATE TABLE `receipt_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`receipt_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`qty` real NOT NULL,
	`cost` integer NOT NULL,
	FOREIGN KEY (`receipt_id`) REFERENCES `receipts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `receipt_lines_receipt` ON `receipt_lines` (`receipt_id`);--> statement-breakpoint
CREATE INDEX `receipt_lines_product` ON `receipt_lines` (`product_id`);--> statement-breakpoint
CREATE TABLE `receipts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`receipt_no` text NOT NULL,
	`date` text NOT NULL,
	`supplier_id` integer NOT NULL,
	`po_id` integer,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`po_id`) REFERENCES `purchase_orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `receipts_receipt_no_unique` ON `receipts` (`receipt_no`);--> statement-breakpoint
CREATE INDEX `receipts_date` ON `receipts` (`date`);--> statement-breakpoint
CREATE INDEX `receipts_po` ON `receipts` (`po_id`);--> statement-breakpoint
CREATE TABLE `refusal_reasons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refusal_reasons_code_unique` ON `refusal_reasons` (`code`);--> statement-breakpoint
CREATE TABLE `reservations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`qty` real NOT NULL,
	`reserved_date` text NOT NULL,
	`released_date` text,
	FOREIGN KEY (`order_id`) REFERENCES `sales_orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reservations_key` ON `reservations` (`order_id`,`product_id`,`reserved_date`);--> statement-breakpoint
CREATE TABLE `sales_order_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`qty` real NOT NULL,
	`price` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `sales_orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sales_order_lines_order` ON `sales_order_lines` (`order_id`);--> statement-breakpoint
CREATE INDEX `sales_order_lines_product` ON `sales_order_lines` (`product_id`);--> statement-breakpoint
CREATE TABLE `sales_orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_no` text NOT NULL,
	`date` text NOT NULL,
	`client_id` integer NOT NULL,
	`manager_id` integer,
	`discount_pct` real,
	`deferral_days` integer,
	`planned_ship_date` text,
	`planned_payment_date` text,
	`actual_ship_date` text,
	`actual_payment_date` text,
	`status` text DEFAULT 'confirmed' NOT NULL,
	`refusal_reason_id` integer,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`manager_id`) REFERENCES `managers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`refusal_reason_id`) REFERENCES `refusal_reasons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sales_orders_order_no_unique` ON `sales_orders` (`order_no`);--> statement-breakpoint
CREATE INDEX `sales_orders_date` ON `sales_orders` (`date`);--> statement-breakpoint
CREATE INDEX `sales_orders_client` ON `sales_orders` (`client_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `shipment_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shipment_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`qty` real NOT NULL,
	`amount` integer NOT NULL,
	`cost` integer NOT NULL,
	FOREIGN KEY (`shipment_id`) REFERENCES `shipments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `shipment_lines_shipment` ON `shipment_lines` (`shipment_id`);--> statement-breakpoint
CREATE INDEX `shipment_lines_product` ON `shipment_lines` (`product_id`);--> statement-breakpoint
CREATE TABLE `shipments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shipment_no` text NOT NULL,
	`date` text NOT NULL,
	`client_id` integer NOT NULL,
	`order_id` integer,
	`originals_date` text,
	`instructions` text,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `sales_orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shipments_shipment_no_unique` ON `shipments` (`shipment_no`);--> statement-breakpoint
CREATE INDEX `shipments_date` ON `shipments` (`date`);--> statement-breakpoint
CREATE INDEX `shipments_client` ON `shipments` (`client_id`);--> statement-breakpoint
CREATE INDEX `shipments_order` ON `shipments` (`order_id`);--> statement-breakpoint
CREATE TABLE `stock_counts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`date` text NOT NULL,
	`product_id` integer NOT NULL,
	`qty` real NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stock_counts_product_date` ON `stock_counts` (`product_id`,`date`);--> statement-breakpoint
CREATE TABLE `supplier_payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`payment_no` text NOT NULL,
	`date` text NOT NULL,
	`supplier_id` integer NOT NULL,
	`amount` integer NOT NULL,
	`po_id` integer,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`po_id`) REFERENCES `purchase_orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `supplier_payments_payment_no_unique` ON `supplier_payments` (`payment_no`);--> statement-breakpoint
CREATE INDEX `supplier_payments_supplier_date` ON `supplier_payments` (`supplier_id`,`date`);--> statement-breakpoint
CREATE TABLE `suppliers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`deferral_days` integer DEFAULT 0 NOT NULL,
	`credit_line` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `suppliers_code_unique` ON `suppliers` (`code`);