// "did you mean …?" for a mistyped name from a closed list (entities, plan kinds, outputs,
// help topics), the way commander answers a mistyped command.
import { t } from '../i18n/index.js';

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate nearest to `word`, when it is near enough to be what was meant: at most 3
 * edits and less than half of the longer word changed (commander's rule). Case is ignored.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const typed = word.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(typed, name.toLowerCase());
    const longer = Math.max(typed.length, name.length);
    if (distance > 3 || (longer - distance) / longer <= 0.4) continue;
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best?.name;
}

/** `unknown entity "product": did you mean "products"? expected one of: managers, …` */
export function unknownName(what: string, word: string, candidates: readonly string[], expected = 'expected one of'): string {
  return t('importRules.unknownName', what, word, suggest(word, candidates), expected, candidates.join(', '));
}
