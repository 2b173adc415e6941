ALTER TABLE `suppliers` ADD `inn` text;--> statement-breakpoint
-- manager plans: money indicators were stored as roubles, they are kopecks from now on (issue 10)
UPDATE `plan_managers` SET `value` = round(`value` * 100) WHERE `indicator` IN ('revenue', 'margin', 'avg_order', 'collected');
