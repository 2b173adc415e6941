// `crm shipments list|show`: the shipments with their shipping instructions, the day the signed
// originals came back and what their delivery cost (SPEC §9). Read only.
import { say, type Ctx } from '../context.js';
import { withDb } from '../db/connection.js';
import { codeExists } from '../db/reportQueries.js';
import { shipmentDetail, shipmentHeaders, type ShipmentFilter } from '../db/shipmentQueries.js';
import { UsageError } from '../errors.js';
import { parseDayOption } from '../io/locale.js';
import { checkOutputPath } from '../io/outputPath.js';
import { outputTable, resolveFormat } from '../io/render/index.js';
import { column, displayCell, jsonCell, type Table, type TableColumn } from '../io/table.js';
import { t } from '../i18n/index.js';

const COLUMNS: TableColumn[] = [
  column('shipment_no'), column('date', 'date'), column('client_code'), column('client_name'), column('order_no'), column('manager_code'),
  column('amount', 'money'), column('cost', 'money'), column('delivery_cost', 'money'), column('originals_date', 'date'), column('instructions'),
];
/** The columns a terminal list shows (every column goes to --json, csv and xlsx). */
const SHOWN = new Set(['shipment_no', 'date', 'client_code', 'manager_code', 'amount', 'delivery_cost', 'originals_date', 'instructions']);

export interface ShipmentListOptions {
  client?: string;
  from?: string;
  to?: string;
  originals?: string;
  json?: boolean;
  format?: string;
  output?: string;
}

export async function runShipmentList(opts: ShipmentListOptions, ctx: Ctx): Promise<void> {
  if (opts.originals !== undefined && opts.originals !== 'out' && opts.originals !== 'back') throw new UsageError(t('money.badOriginalsFilter', opts.originals));
  const filter: ShipmentFilter = {
    client: opts.client,
    from: opts.from !== undefined ? parseDayOption('--from', opts.from, 'first') : undefined,
    to: opts.to !== undefined ? parseDayOption('--to', opts.to, 'last') : undefined,
    originals: opts.originals as ShipmentFilter['originals'],
  };
  if (filter.from !== undefined && filter.to !== undefined && filter.to < filter.from) throw new UsageError(t('report.toBeforeFrom', filter.to, true, filter.from));
  if (opts.output !== undefined) checkOutputPath(opts.output, { flag: '-o', database: ctx.dbPath });
  if (opts.json && opts.format !== undefined && opts.format !== 'json') throw new UsageError(t('report.jsonAndFormat', opts.format));
  const format = opts.json ? 'json' : opts.format;
  resolveFormat(format, opts.output, '-o', opts.json ? '--json' : undefined);
  const rows = await withDb(ctx.dbPath, 'read', async (db) => {
    if (opts.client !== undefined && !(await codeExists(db, 'clients', opts.client))) throw new UsageError(t('money.noSuchClient', opts.client));
    return shipmentHeaders(db, filter);
  });
  const full = opts.json || opts.format !== undefined || opts.output !== undefined;
  const table: Table = { name: 'shipments', columns: COLUMNS.filter((c) => full || SHOWN.has(c.key)), rows: rows as unknown as Table['rows'] };
  await outputTable(table, { format, output: opts.output }, ctx);
  if (!full && rows.length > 0) say(ctx, t('money.shipmentCount', rows.length));
}

export async function runShipmentShow(shipmentNo: string, opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  const found = await withDb(ctx.dbPath, 'read', (db) => shipmentDetail(db, shipmentNo));
  if (!found) throw new UsageError(t('money.noShipment', shipmentNo));
  const { header, lines, deliveries } = found;
  if (opts.json) {
    const fields = Object.fromEntries(COLUMNS.map((c) => [c.key, jsonCell(c.kind, (header as unknown as Record<string, string | number | null>)[c.key] ?? null)]));
    const money = (k: number) => jsonCell('money', k);
    ctx.stdout.write(
      `${JSON.stringify(
        {
          ...fields,
          lines: lines.map((l) => ({ ...l, amount: money(l.amount), cost: money(l.cost) })),
          deliveries: deliveries.map((d) => ({ ...d, cost: money(d.cost) })),
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  const width = Math.max(...COLUMNS.map((c) => c.key.length));
  for (const c of COLUMNS) ctx.stdout.write(`${c.key.padEnd(width)}  ${displayCell(c.kind, (header as unknown as Record<string, string | number | null>)[c.key] ?? null)}\n`);
  ctx.stdout.write(`${t('money.showLines')}\n`);
  for (const l of lines) ctx.stdout.write(`  ${l.sku}  ${l.name}  ${displayCell('number', l.qty)}  ${displayCell('money', l.amount)}  ${t('money.showCost', displayCell('money', l.cost))}\n`);
  ctx.stdout.write(`${deliveries.length ? t('money.showDeliveries') : t('money.showNoDeliveries')}\n`);
  for (const d of deliveries) ctx.stdout.write(`  ${d.delivery_no}  ${displayCell('date', d.date)}  ${d.carrier ?? t('money.showNoCarrier')}  ${displayCell('money', d.cost)}\n`);
}
