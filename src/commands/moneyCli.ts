// The command tree of the money side of a deal (SPEC §9, issue 14): `crm settings set|reset|list`,
// `crm shipments originals`, `crm offer evaluate`. Each loads its implementation when it runs.
import { Command } from 'commander';
import type { Ctx } from '../context.js';

/** The command `name` of `parent`, made when no other part of the tree made it first. */
function group(parent: Command, name: string, description: string): Command {
  return parent.commands.find((c) => c.name() === name) ?? parent.command(name).description(description);
}

export function registerMoneyCommands(program: Command, makeCtx: (program: Command) => Ctx): void {
  const load = () => import('./money.js');
  const settings = group(program, 'settings', 'settings of the company: money_rate_pct, illiquid_after_days');
  settings
    .command('set')
    .description('change a setting (one operation: crm undo takes it back)')
    .argument('<key>', 'money_rate_pct | illiquid_after_days')
    .argument('<value>', 'the new value')
    .action(async (key: string, value: string) => (await load()).runSettingsSet(key, value, makeCtx(program)));
  settings
    .command('reset')
    .description('put a setting back to its default (one operation: crm undo takes it back)')
    .argument('<key>', 'money_rate_pct | illiquid_after_days')
    .action(async (key: string) => (await load()).runSettingsReset(key, makeCtx(program)));
  settings
    .command('list')
    .description('every setting with its value (or its default) and what it does')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => (await load()).runSettingsList(opts, makeCtx(program)));

  const shipments = group(program, 'shipments', 'shipments: list, show, the signed originals');
  const list = () => import('./shipments.js');
  shipments
    .command('list')
    .description('shipments with their amounts, delivery cost, originals date and shipping instructions')
    .option('--client <code>', 'only this client\'s')
    .option('--from <period>', 'from this month or day')
    .option('--to <period>', 'up to this month or day')
    .option('--originals <which>', 'out: originals not back; back: originals back')
    .option('--json', 'print JSON with every field')
    .option('--format <format>', 'table | csv | json | xlsx | html (default: from -o, else table)')
    .option('-o, --output <file>', 'write to a file (.csv, .json, .xlsx, .html)')
    .action(async (opts) => (await list()).runShipmentList(opts, makeCtx(program)));
  shipments
    .command('show')
    .description('one shipment: its fields, lines and the deliveries the company paid for it')
    .argument('<shipment_no>', 'the shipment number')
    .option('--json', 'print JSON')
    .action(async (no: string, opts: { json?: boolean }) => (await list()).runShipmentShow(no, opts, makeCtx(program)));
  shipments
    .command('originals')
    .description('record the day the signed originals of a shipment came back (crm report originals lists those still out)')
    .argument('<shipment_no>', 'the shipment number')
    .option('--date <day>', 'the day they came back (default: --as-of)')
    .option('--clear', 'they have not come back after all: empty the date')
    .action(async (no: string, opts: { date?: string; clear?: boolean }) => (await load()).runShipmentOriginals(no, opts, makeCtx(program)));

  const offer = group(program, 'offer', 'commercial offers: does a deal pay before it is quoted');
  offer
    .command('evaluate')
    .description('evaluate an offer (sku, qty, price) as order-profitability evaluates an order; nothing is written')
    .argument('<file>', '.xlsx, .csv or .tsv with sku, qty, price (Russian headers and decimal commas as an import)')
    .option('--client <code>', 'the client: price type, deferral, payment history, claims, credit limit, manager')
    .option('--manager <code>', 'whose commission rules apply (default: the client\'s manager)')
    .option('--deferral-days <n>', 'deferral offered, days (negative = prepayment; default: the client card)')
    .option('--delivery <money>', 'delivery the company pays, spread over the lines by revenue')
    .option('--other-costs <money>', 'other costs of the deal, spread the same way')
    .option('--rate <pct>', 'yearly cost of money in % (default: the setting money_rate_pct)')
    .option('--sheet <name>', 'xlsx sheet to read (default: the first)')
    .option('--format <format>', 'table | csv | json | xlsx | html (default: from -o, else table)')
    .option('--json', 'the same as --format json')
    .option('-o, --output <file>', 'write to a file (.csv, .json, .xlsx, .html)')
    .addHelpText('after', `
Per line and in total: revenue = qty × price (price empty: the client's price type in force at --as-of,
else the product's list price), cost = qty × product cost, margin, commission as if fully paid (the rule
in force at --as-of), cost_of_money = revenue × rate / 100 × (deferral + the client's average payment
delay over the 12 months before) / 365 (negative: a credit), expected_claims = revenue × the client's
claims net cost / revenue over those months, net_margin = margin − delivery − other costs − commission
− cost of money − expected claims. Compared with the client's margin % and each line's group margin %
over the 12 months before --as-of. Warnings: price below cost, deferral beyond the client card,
credit limit exceeded (balance at --as-of + the offer).
`)
    .action(async (file: string, opts) => (await load()).runOfferEvaluate(file, opts, makeCtx(program)));
}
