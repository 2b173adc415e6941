// The records a reference may name by something other than its code (SPEC §3 references
// by name): code, name and the columns of the alternates in src/import/refLookup.ts.
import type { RefName } from '../model/types.js';
import { REFS } from '../model/entities.js';
import { REF_ALTERNATES, type RefIndex } from '../model/refAlternates.js';
import type { Sqlite } from './connection.js';

export function loadRefRecords(sqlite: Sqlite, refs: Iterable<RefName>): RefIndex {
  const out: RefIndex = [];
  for (const ref of new Set(refs)) {
    const alternates = REF_ALTERNATES[ref];
    if (!alternates) continue;
    const { table, code } = REFS[ref];
    const columns = alternates.map((a) => a.storedKey ?? a.column);
    const rows = sqlite
      .prepare(`SELECT ${code}, name, ${columns.join(', ')} FROM ${table}`)
      .raw()
      .all() as (string | number | null)[][];
    out.push({
      ref,
      codes: rows.map((r) => String(r[0])),
      names: rows.map((r) => String(r[1] ?? '')),
      values: columns.map((_, a) => rows.map((r) => (r[a + 2] === null || r[a + 2] === undefined ? null : String(r[a + 2])))),
    });
  }
  return out;
}
