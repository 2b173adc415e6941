// SPEC §9 interactions: calls, letters, meetings … in [from, to] by manager, kind or client;
// with --silent-days N, the active clients nobody was in touch with in the N days up to --to.
import { interactionRows, lastContacts, type ClientContact, type InteractionRow } from '../db/crmQueries.js';
import type { Db } from '../db/connection.js';
import { column, type Row, type Table, type TableColumn } from '../io/table.js';
import { addDays, dayNumber } from '../planning/calendar.js';
import { percentOf } from './ratios.js';
import type { ReportOptions, ReportResult } from './types.js';

/** The value a row is grouped by, with the columns that name it. */
const BY: Record<string, { columns: TableColumn[]; key: (r: InteractionRow) => string; names: (r: InteractionRow) => Row }> = {
  manager: { columns: [column('manager'), column('name')], key: (r) => r.manager ?? '', names: (r) => ({ manager: r.manager, name: r.managerName }) },
  kind: { columns: [column('kind')], key: (r) => r.kind, names: (r) => ({ kind: r.kind }) },
  client: { columns: [column('client'), column('name'), column('manager')], key: (r) => r.client, names: (r) => ({ client: r.client, name: r.clientName, manager: r.manager }) },
};

export function interactionsTable(rows: InteractionRow[], by: string): Table {
  const spec = BY[by]!;
  const groups = new Map<string, { names: Row; count: number; inbound: number; outbound: number; clients: Set<string>; last: string }>();
  const allClients = new Set<string>();
  for (const r of rows) {
    const key = spec.key(r);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { names: spec.names(r), count: 0, inbound: 0, outbound: 0, clients: new Set(), last: r.date }));
    g.count++;
    if (r.direction === 'in') g.inbound++;
    if (r.direction === 'out') g.outbound++;
    g.clients.add(r.client);
    allClients.add(r.client);
    if (r.date > g.last) g.last = r.date;
  }
  const out: Row[] = [...groups.entries()]
    .sort(([a, x], [b, y]) => y.count - x.count || (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => ({ ...g.names, interactions: g.count, inbound: g.inbound, outbound: g.outbound, clients: g.clients.size, last_date: g.last }));
  return {
    name: 'interactions',
    columns: [...spec.columns, column('interactions', 'int'), column('inbound', 'int'), column('outbound', 'int'), column('clients', 'int'), column('last_date', 'date')],
    rows: out,
    // clients: distinct over the period, not a sum of the rows
    totals: { interactions: rows.length, inbound: out.reduce((s, r) => s + Number(r.inbound), 0), outbound: out.reduce((s, r) => s + Number(r.outbound), 0), clients: allClients.size },
  };
}

/**
 * Silent clients at the end of --to: no interaction dated in the N days ending on --to
 * (to − N + 1 … to). A client last in touch exactly N days before --to is silent; one never
 * in touch is silent too (days_silent empty). Longest silent first.
 */
export function silentClientsTable(contacts: ClientContact[], to: string, days: number): Table {
  const end = dayNumber(to);
  const rows: Row[] = [];
  for (const c of contacts) {
    const silent = c.lastContact === null ? null : end - dayNumber(c.lastContact.slice(0, 10));
    if (silent !== null && silent < days) continue;
    rows.push({ client: c.client, name: c.name, manager: c.manager, last_contact: c.lastContact, last_kind: c.lastKind, last_subject: c.lastSubject, days_silent: silent });
  }
  rows.sort((a, b) => (a.days_silent === null ? -1 : b.days_silent === null ? 1 : Number(b.days_silent) - Number(a.days_silent)) || (String(a.client) < String(b.client) ? -1 : 1));
  return {
    name: 'interactions',
    columns: [column('client'), column('name'), column('manager'), column('last_contact', 'date'), column('last_kind'), column('last_subject'), column('days_silent', 'int')],
    rows,
    totals: { clients: rows.length, share_pct: percentOf(rows.length, contacts.length) },
    headlines: [column('clients', 'int'), column('share_pct', 'percent')],
  };
}

export async function interactionsReport(db: Db, opts: ReportOptions): Promise<ReportResult> {
  const keeps = (r: { client: string; manager: string | null }) => (opts.client === undefined || r.client === opts.client) && (opts.manager === undefined || r.manager === opts.manager);
  if (opts.silentDays !== undefined) {
    const contacts = (await lastContacts(db, opts.to)).filter(keeps);
    return { table: silentClientsTable(contacts, opts.to, opts.silentDays), extra: { from: null, window_from: addDays(opts.to, 1 - opts.silentDays), by: null } };
  }
  const rows = (await interactionRows(db, opts.from, opts.to)).filter(keeps);
  return { table: interactionsTable(rows, opts.by ?? 'manager') };
}
