DROP INDEX `shipments_date`;--> statement-breakpoint
CREATE INDEX `shipments_date` ON `shipments` (`date`,`client_id`,`amount`);--> statement-breakpoint
CREATE INDEX `plan_min_stock_cover` ON `plan_min_stock` (`version_id`,`month`,`product_id`,`qty`);