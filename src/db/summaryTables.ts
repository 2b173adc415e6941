// The sales summaries' tables, keys and measures (src/db/salesSummary.ts keeps them), and the
// PostgreSQL functions that recompute their rows for the users who may not add to them
// (src/db/rights.ts installs them). Apart from both, so that neither imports the other.
export const MEASURES = ['amount', 'qty', 'cost', 'lines', 'orders'] as const;
export const TABLES = [
  { table: 'sales_summary', key: ['month', 'group_id'], orders: `s.client_id || ':' || COALESCE(s.order_id, -s.id)` },
  { table: 'sales_summary_client', key: ['month', 'client_id', 'manager_id'], orders: 'COALESCE(s.order_id, -s.id)' },
  // the client mix of a plan run (issue 16)
  { table: 'sales_summary_client_group', key: ['month', 'client_id', 'group_id'], orders: 'COALESCE(s.order_id, -s.id)' },
] as const;

export const KEY_SQL: Record<string, string> = { month: 'substr(s.date, 1, 7)', group_id: 'p.group_id', client_id: 's.client_id', manager_id: 'COALESCE(o.manager_id, 0)' };

export const LINES_OF_SHIPMENTS = `FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id JOIN products p ON p.id = l.product_id
  LEFT JOIN sales_orders o ON o.id = s.order_id`;

/**
 * PostgreSQL: `crm_sync_<table>(keys)`, for the users crm added who may not add to the
 * summaries (src/db/rights.ts): the rows of the keys a write touched (a JSON array of
 * [month, id, id…]) recomputed from the shipment lines, set-based — so a call by hand can only
 * make them right. Under the rows' locks (taken in key order), each statement with a fresh
 * snapshot (READ COMMITTED): a writer that commits first is counted, one that commits later
 * counts itself.
 */
export function summarySyncFunctionsSql(searchPath: string): string {
  return TABLES.map(({ table, key, orders }) => {
    const keyOf = (i: number) => (i === 0 ? `k->>0` : `(k->>${i})::bigint`);
    const keys = `SELECT DISTINCT ${key.map((c, i) => `${keyOf(i)} AS ${c}`).join(', ')} FROM jsonb_array_elements(p_keys::jsonb) k`;
    const atKey = (a: string, b: string) => key.map((c) => `${a}.${c} = ${b}.${c}`).join(' AND ');
    // one pass per month (the group summary) or per client and month: the month's shipments by an index, a parameter the planner sees
    const byClient = (key as readonly string[]).includes('client_id');
    const driver = byClient ? ['month', 'client_id'] : ['month'];
    const ofDriver = (a: string) => driver.map((c) => `${a}.${c} = d.${c}`).join(' AND ');
    const sums = `SELECT ${key.map((c) => `${KEY_SQL[c]} AS ${c}`).join(', ')}, SUM(l.amount) AS amount, SUM(l.qty) AS qty, SUM(l.cost) AS cost, COUNT(*) AS lines, COUNT(DISTINCT ${orders}) AS orders
      ${LINES_OF_SHIPMENTS} WHERE s.date >= d.month AND s.date < d.month || '~'${byClient ? ' AND s.client_id = d.client_id' : ''} GROUP BY ${key.map((_, i) => i + 1).join(', ')}`;
    return `CREATE OR REPLACE FUNCTION crm_sync_${table}(p_keys text) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER ${searchPath} AS $f$ DECLARE d record; BEGIN
  INSERT INTO ${table} (${key.join(', ')}, ${MEASURES.join(', ')}) SELECT ${key.join(', ')}, ${MEASURES.map(() => '0').join(', ')} FROM (${keys}) keys ORDER BY ${key.join(', ')}
    ON CONFLICT (${key.join(', ')}) DO NOTHING;
  PERFORM 1 FROM ${table} t JOIN (${keys}) keys ON ${atKey('t', 'keys')} ORDER BY ${key.map((c) => `t.${c}`).join(', ')} FOR UPDATE OF t;
  FOR d IN SELECT DISTINCT ${driver.join(', ')} FROM (${keys}) keys ORDER BY ${driver.join(', ')} LOOP
    UPDATE ${table} t SET (${MEASURES.join(', ')}) = (${MEASURES.map((m) => `COALESCE(x.${m}, 0)`).join(', ')})
      FROM (SELECT keys.*, ${MEASURES.map((m) => `sums.${m}`).join(', ')} FROM (SELECT * FROM (${keys}) keys WHERE ${ofDriver('keys')}) keys LEFT JOIN (${sums}) sums ON ${atKey('keys', 'sums')}) x
      WHERE ${atKey('t', 'x')};
  END LOOP;
  DELETE FROM ${table} t USING (${keys}) keys WHERE ${atKey('t', 'keys')} AND t.lines = 0;
END $f$;`;
  }).join('\n');
}

