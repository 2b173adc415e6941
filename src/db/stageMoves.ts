// The deals' stage changes as the funnel counts them (schema.ts `deal_stage_moves`, issue 13):
// one row per change of deal_stage_events with the stage it left, the days since the change
// before (or the deal's date), the next change's date, the highest open position reached so
// far and whether a change so far went to another channel's stage — so `crm report funnel` is
// a few GROUP BYs (src/db/crmQueries.ts funnelCounts) instead of a walk over every change.
//
// Derived, never journaled: at the end of every operation (src/db/operation.ts
// finishOperation, which undo calls too) the deals whose changes, dates or stages the
// operation touched are found in its own journal and their rows recomputed from
// deal_stage_events; `crm db rebuild-summaries` recomputes every row, `crm db check` compares.
import { isPostgres, type Sqlite } from './sqlite.js';

const COLUMNS = 'event_id, deal_id, deal_date, date, stage_id, from_stage_id, days, next_date, highest, other_channel, reason_id';

/** The rows as they should be, of the deals `where` picks (a condition on `e`, the changes). */
const movesOf = (where: string) => `SELECT e.id AS event_id, e.deal_id AS deal_id, d.date AS deal_date, e.date AS date, e.stage_id AS stage_id,
    LAG(e.stage_id) OVER w AS from_stage_id,
    CAST(ROUND(julianday(e.date) - julianday(COALESCE(LAG(e.date) OVER w, d.date))) AS INTEGER) AS days,
    LEAD(e.date) OVER w AS next_date,
    MAX(CASE WHEN t.outcome = 'open' THEN t.position END) OVER w AS highest,
    MAX(CASE WHEN t.channel = d.channel THEN 0 ELSE 1 END) OVER w AS other_channel,
    e.reason_id AS reason_id
  FROM deal_stage_events e JOIN deals d ON d.id = e.deal_id JOIN sales_stages t ON t.id = e.stage_id
  ${where}
  WINDOW w AS (PARTITION BY e.deal_id ORDER BY e.date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;

/** Recompute every row from the stage changes (`crm db rebuild-summaries`, the migration to schema 12, big writes). */
export function rebuildStageMoves(sqlite: Sqlite): number {
  sqlite.exec('DELETE FROM deal_stage_moves');
  // SQLite: the funnel's index made once after the rows, in one sort, is cheaper than kept row by row
  // (1.9 s instead of 2.6 s CPU for 500,000 changes); dropped and made again by its own statement, in the transaction
  const index = isPostgres(sqlite) ? undefined : (sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'deal_stage_moves_move'").pluck().get() as string | undefined);
  if (index !== undefined) sqlite.exec('DROP INDEX deal_stage_moves_move');
  const rows = sqlite.prepare(`INSERT INTO deal_stage_moves (${COLUMNS}) ${movesOf('')}`).run().changes;
  if (index !== undefined) sqlite.exec(index);
  return rows;
}

/** Deals recomputed one batch at a time (bound parameters per statement). */
const BATCH = 500;

/**
 * The deals operation `opId` touched — a stage change written, changed, deleted or put back
 * (its deal now and, through the stored row, before), a deal changed or deleted, a stage
 * changed — read from the operation's journal; their rows recomputed. Called after the
 * journal is finished (its ranges written), inside the operation's transaction.
 */
export function refreshStageMoves(sqlite: Sqlite, opId: number, tables: Iterable<string>): number {
  const touched = new Set(tables);
  if (!touched.has('deal_stage_events') && !touched.has('deals') && !touched.has('sales_stages')) return 0;
  const deals = sqlite
    .prepare(
      `SELECT m.deal_id FROM journal j JOIN deal_stage_moves m ON m.event_id = j.row_id WHERE j.op_id = ? AND j.tbl = 'deal_stage_events'
       UNION SELECT e.deal_id FROM journal j JOIN deal_stage_events e ON e.id = j.row_id WHERE j.op_id = ? AND j.tbl = 'deal_stage_events'
       UNION SELECT e.deal_id FROM journal_ranges r JOIN deal_stage_events e ON e.id BETWEEN r.first_id AND r.last_id WHERE r.op_id = ? AND r.tbl = 'deal_stage_events'
       UNION SELECT j.row_id FROM journal j WHERE j.op_id = ? AND j.tbl = 'deals'
       UNION SELECT e.deal_id FROM journal j JOIN deal_stage_events e ON e.stage_id = j.row_id WHERE j.op_id = ? AND j.tbl = 'sales_stages'`,
    )
    .pluck()
    .all(opId, opId, opId, opId, opId)
    .map(Number);
  if (deals.length === 0) return 0;
  // a third of all deals or more (a big import, its undo): one pass over every change is cheaper than the batches
  if (deals.length > BATCH * 4 && deals.length * 3 > Number(sqlite.prepare('SELECT COUNT(*) FROM deals').pluck().get())) return rebuildStageMoves(sqlite);
  let rows = 0;
  for (let i = 0; i < deals.length; i += BATCH) {
    const batch = deals.slice(i, i + BATCH);
    const list = batch.map(() => '?').join(', ');
    sqlite.prepare(`DELETE FROM deal_stage_moves WHERE deal_id IN (${list})`).run(...batch);
    rows += sqlite.prepare(`INSERT INTO deal_stage_moves (${COLUMNS}) ${movesOf(`WHERE e.deal_id IN (${list})`)}`).run(...batch).changes;
  }
  return rows;
}

/** A stored row that differs from the stage changes. */
export interface StageMoveDifference {
  dealNo: string;
  date: string;
  /** `stored`: the row is wrong or should not be there; `missing`: the change has no row. */
  kind: 'stored' | 'missing';
}

/** Compare the rows with the stage changes, reading only: how many differ, and the first few. */
export function compareStageMoves(sqlite: Sqlite, sample = 5): { rows: number; differed: number; samples: StageMoveDifference[] } {
  const stored = `SELECT ${COLUMNS} FROM deal_stage_moves`;
  const computed = `SELECT * FROM (${movesOf('')}) c`;
  let differed = 0;
  const samples: StageMoveDifference[] = [];
  for (const [kind, a, b] of [['stored', stored, computed], ['missing', computed, stored]] as const) {
    const found = sqlite
      .prepare(`SELECT COALESCE(d.deal_no, CAST(x.deal_id AS TEXT)) AS deal_no, x.date FROM (${a} EXCEPT ${b}) x LEFT JOIN deals d ON d.id = x.deal_id ORDER BY 1, 2`)
      .raw()
      .all() as [string, string][];
    differed += found.length;
    for (const [dealNo, date] of found.slice(0, Math.max(0, sample - samples.length))) samples.push({ dealNo, date, kind });
  }
  return { rows: Number(sqlite.prepare('SELECT COUNT(*) FROM deal_stage_moves').pluck().get()), differed, samples };
}
