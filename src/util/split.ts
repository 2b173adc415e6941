/**
 * Split a whole number of kopecks over parts in proportion to `weights` by the largest-remainder
 * rule: each part takes its exact share rounded down, and the kopecks left over go one each to
 * the parts with the largest remainders (the earlier part on a tie). The parts add up to
 * `whole` exactly and each is within one kopeck of its exact share `whole × w / Σ w`. When the
 * weights add up to 0 (no revenue), the whole is split evenly. `whole` is rounded to the kopeck
 * first; no parts for no weights.
 */
export function splitByLargestRemainder(whole: number, weights: readonly number[]): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const total = Math.round(whole);
  if (total === 0) return weights.map(() => 0);
  const integral = weights.every((w) => Number.isSafeInteger(w));
  let ws: bigint[];
  if (integral) ws = weights.map((w) => BigInt(w));
  else {
    // fractional weights: scaled to integers on a common grid (1e-6 of the largest is noise here)
    const max = Math.max(...weights.map((w) => Math.abs(w)));
    const scale = max === 0 ? 1 : 1e12 / max;
    ws = weights.map((w) => BigInt(Math.round(w * scale)));
  }
  let sum = ws.reduce((s, w) => s + w, 0n);
  if (sum === 0n) {
    ws = ws.map(() => 1n);
    sum = BigInt(n);
  }
  if (sum < 0n) {
    ws = ws.map((w) => -w);
    sum = -sum;
  }
  const W = BigInt(total);
  const floors: bigint[] = [];
  const remainders: bigint[] = [];
  let given = 0n;
  for (const w of ws) {
    const num = W * w;
    // floor division for either sign: num = q × sum + r with 0 ≤ r < sum
    let q = num / sum;
    let r = num - q * sum;
    if (r < 0n) {
      q -= 1n;
      r += sum;
    }
    floors.push(q);
    remainders.push(r);
    given += q;
  }
  // 0 ≤ left < n: each floor is at most one kopeck below its share
  const left = Number(W - given);
  const order = remainders.map((_, i) => i).sort((a, b) => (remainders[b]! > remainders[a]! ? 1 : remainders[b]! < remainders[a]! ? -1 : a - b));
  const parts = floors.map((q) => Number(q));
  for (let k = 0; k < left; k++) {
    const i = order[k]!;
    parts[i] = parts[i]! + 1;
  }
  return parts;
}
