// Sparklines for the terminal (SPEC §10): one character per month, from ▁ to █, so a row's
// course over the year reads at a glance. Only on a terminal; never in CSV or JSON.

const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * One block per value, scaled from the smallest to the largest (the shape of the year, as
 * sparklines do); all equal is a flat middle line; an empty value is a space.
 */
export function sparkline(values: (number | null | undefined)[]): string {
  const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (numbers.length === 0) return '';
  const lo = Math.min(...numbers);
  const hi = Math.max(...numbers);
  return values
    .map((v) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) return ' ';
      if (hi === lo) return BLOCKS[3];
      return BLOCKS[Math.round(((v - lo) / (hi - lo)) * (BLOCKS.length - 1))];
    })
    .join('');
}
