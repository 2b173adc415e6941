DROP INDEX `shipments_client`;--> statement-breakpoint
ALTER TABLE `shipments` ADD `amount` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `shipments_client` ON `shipments` (`client_id`,`date`);--> statement-breakpoint
ALTER TABLE `receipts` ADD `amount` real DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `receipts_supplier_date` ON `receipts` (`supplier_id`,`date`);--> statement-breakpoint
UPDATE `shipments` SET `amount` = COALESCE((SELECT SUM(`amount`) FROM `shipment_lines` WHERE `shipment_id` = `shipments`.`id`), 0);--> statement-breakpoint
UPDATE `receipts` SET `amount` = COALESCE((SELECT SUM(`qty` * `cost`) FROM `receipt_lines` WHERE `receipt_id` = `receipts`.`id`), 0);
