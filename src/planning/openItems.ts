// Oldest-first matching (SPEC §4.3, §4.4): the money a party paid before `from` settles its
// oldest documents first; what remains of each document is still open, due at its due date.
import type { DueDocument, PartyPaid } from './types.js';
import { pushTo } from '../util/multimap.js';

export function openItems(documents: DueDocument[], paid: PartyPaid[]): DueDocument[] {
  const paidBy = new Map<string, number>();
  for (const p of paid) paidBy.set(p.party, (paidBy.get(p.party) ?? 0) + p.amount);
  const byParty = new Map<string, DueDocument[]>();
  for (const d of documents) pushTo(byParty, d.party, d);
  const open: DueDocument[] = [];
  for (const [party, docs] of [...byParty].sort(([a], [b]) => (a < b ? -1 : 1))) {
    let money = paidBy.get(party) ?? 0;
    // oldest first; documents of the same day keep the order they came in (the loader sends
    // them in the order they were entered), and then the sort is a single pass
    docs.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    for (const d of docs) {
      const settled = Math.min(d.amount, Math.max(0, money));
      money -= settled;
      const remainder = d.amount - settled;
      if (remainder > 1e-6) open.push({ ...d, amount: remainder });
    }
  }
  return open;
}

