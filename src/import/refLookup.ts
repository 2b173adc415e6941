// SPEC §3 references by name: 1C reports write the counterparty and the item by name (or
// INN), not by our codes. A client, product or supplier reference that matches no code is
// looked up here by its exact normalized name or INN; the code found is what gets stored.
import type { RefName } from '../model/types.js';
import { REF_ALTERNATES, type RefAlternate, type RefIndex, type RefTable } from '../model/refAlternates.js';


export interface RefCandidate {
  code: string;
  name: string;
}

/** Distinct texts remembered by a resolver (bounds memory on a file of a million different names). */
const MEMO_SIZE = 50_000;

export class RefResolver {
  private readonly tables: Map<RefName, RefTable>;
  /** Built on the first lookup of a reference (names are normalized then): a file of codes never pays for it. */
  private readonly maps = new Map<RefName, Map<string, number[]>>();
  private readonly memo = new Map<string, RefCandidate[]>();

  constructor(index: RefIndex) {
    this.tables = new Map(index.map((t) => [t.ref, t]));
  }

  /** What the reference may be written as, for messages: code, name, INN (or name, INN); the message joins them in its language. */
  static ways(ref: RefName, withCode = true): string[] {
    return [...(withCode ? ['code'] : []), ...(REF_ALTERNATES[ref] ?? []).map((a) => a.label)];
  }

  /** The records whose name (or INN …) the text is, each once. */
  find(ref: RefName, text: string): RefCandidate[] {
    const table = this.tables.get(ref);
    if (!table) return [];
    // a report names the same few clients and items on every line: normalize each text once
    const memoKey = `${ref}\u0001${text}`;
    const known = this.memo.get(memoKey);
    if (known) return known;
    const map = this.map(table);
    const found = new Set<number>();
    (REF_ALTERNATES[ref] ?? []).forEach((alternate, a) => {
      const key = alternate.key(text);
      if (key !== null) for (const i of map.get(`${a}\u0001${key}`) ?? []) found.add(i);
    });
    const candidates = [...found].map((i) => ({ code: table.codes[i]!, name: table.names[i]! }));
    if (this.memo.size >= MEMO_SIZE) this.memo.clear();
    this.memo.set(memoKey, candidates);
    return candidates;
  }

  private map(table: RefTable): Map<string, number[]> {
    let map = this.maps.get(table.ref);
    if (map) return map;
    map = new Map();
    const alternates = REF_ALTERNATES[table.ref] ?? [];
    table.values.forEach((values, a) => {
      const alternate = alternates[a]!;
      values.forEach((value, i) => {
        const key = value === null || value === '' ? null : alternate.storedKey ? value : alternate.key(value);
        if (key === null) return;
        const slot = `${a}\u0001${key}`;
        const list = map!.get(slot);
        if (list) list.push(i);
        else map!.set(slot, [i]);
      });
    });
    this.maps.set(table.ref, map);
    return map;
  }
}
