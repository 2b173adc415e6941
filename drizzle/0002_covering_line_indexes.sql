DROP INDEX `receipt_lines_receipt`;--> statement-breakpoint
CREATE INDEX `receipt_lines_receipt` ON `receipt_lines` (`receipt_id`,`product_id`,`qty`,`cost`);--> statement-breakpoint
DROP INDEX `shipment_lines_shipment`;--> statement-breakpoint
CREATE INDEX `shipment_lines_shipment` ON `shipment_lines` (`shipment_id`,`product_id`,`qty`,`amount`,`cost`);