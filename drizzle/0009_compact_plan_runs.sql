CREATE TABLE `plan_run_skus` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`data` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `plan_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_run_skus_run` ON `plan_run_skus` (`run_id`);--> statement-breakpoint
-- the runs stored before: their rows and traces as one JSON document each (format 0), read by src/planning/compactRun.ts
INSERT INTO `plan_run_skus` (`run_id`, `data`)
SELECT r.`id`, json_object(
  'format', 0,
  'inventory', (SELECT json_group_array(json_object('sku', x.sku, 'group', x.grp, 'supplier', x.supplier, 'month', x.month, 'opening', x.opening, 'scheduled', x.scheduled,
      'planned', x.planned, 'demand', x.demand, 'closing', x.closing, 'minStock', x.min_stock, 'need', x.need, 'closingValue', x.closing_value))
    FROM (SELECT p.`sku` AS sku, g.`code` AS grp, s.`code` AS supplier, i.`month` AS month, i.`opening` AS opening, i.`scheduled` AS scheduled, i.`planned` AS planned,
            i.`demand` AS demand, i.`closing` AS closing, i.`min_stock` AS min_stock, i.`need` AS need, i.`closing_value` AS closing_value
          FROM `plan_run_inventory` i JOIN `products` p ON p.`id` = i.`product_id` JOIN `product_groups` g ON g.`id` = p.`group_id`
          LEFT JOIN `suppliers` s ON s.`id` = p.`supplier_id` WHERE i.`run_id` = r.`id` ORDER BY p.`sku`, i.`month`) x),
  'purchases', (SELECT json_group_array(json_object('sku', x.sku, 'supplier', x.supplier, 'receiptMonth', x.receipt_month, 'orderDate', x.order_date,
      'qty', x.qty, 'amount', x.amount, 'late', x.late))
    FROM (SELECT p.`sku` AS sku, s.`code` AS supplier, u.`receipt_month` AS receipt_month, u.`order_date` AS order_date, u.`qty` AS qty, u.`amount` AS amount, u.`late` AS late
          FROM `plan_run_purchases` u JOIN `products` p ON p.`id` = u.`product_id` LEFT JOIN `suppliers` s ON s.`id` = u.`supplier_id`
          WHERE u.`run_id` = r.`id` ORDER BY p.`sku`, u.`receipt_month`) x),
  'demand', (SELECT json_group_array(json_object('sku', x.sku, 'group', x.grp, 'month', x.month, 'amount', x.amount, 'qty', x.qty))
    FROM (SELECT p.`sku` AS sku, g.`code` AS grp, d.`month` AS month, d.`amount` AS amount, d.`qty` AS qty
          FROM `plan_run_demand` d JOIN `products` p ON p.`id` = d.`product_id` JOIN `product_groups` g ON g.`id` = d.`group_id`
          WHERE d.`run_id` = r.`id` ORDER BY p.`sku`, d.`month`) x),
  'traces', (SELECT json_group_array(json(x.trace))
    FROM (SELECT t.`trace` AS trace FROM `plan_run_traces` t JOIN `products` p ON p.`id` = t.`product_id` WHERE t.`run_id` = r.`id` ORDER BY p.`sku`) x)
)
FROM `plan_runs` r;--> statement-breakpoint
DROP TABLE `plan_run_demand`;--> statement-breakpoint
DROP TABLE `plan_run_inventory`;--> statement-breakpoint
DROP TABLE `plan_run_purchases`;--> statement-breakpoint
DROP TABLE `plan_run_traces`;
