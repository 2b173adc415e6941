// `crm products show SKU`: the product's price lists (SPEC §9) — the price of each price type in
// force at --as-of (the latest dated on or before it) and the prices announced after it.
import type { Db } from '../db/connection.js';
import { pricesAfter, pricesInForce } from '../db/moneyQueries.js';
import { moneyDisplay, moneyMajor } from '../io/locale.js';
import { t } from '../i18n/index.js';

export async function productPrices(db: Db, sku: string, day: string): Promise<{ text: string; json: Record<string, unknown>[] }> {
  const now = await pricesInForce(db, day, sku);
  const later = await pricesAfter(db, day, sku);
  const json = [
    ...now.map((p) => ({ price_type: p.priceType, price: moneyMajor(p.price), from_date: p.fromDate, in_force: true })),
    ...later.map((p) => ({ price_type: p.priceType, price: moneyMajor(p.price), from_date: p.fromDate, in_force: false })),
  ];
  if (json.length === 0) return { text: `${t('master.noTypedPrices', day)}\n`, json };
  const width = Math.max(...[...now, ...later].map((p) => p.priceType.length));
  const lines = [t('master.pricesAt', day)];
  for (const p of now) lines.push(`  ${p.priceType.padEnd(width)}  ${moneyDisplay(p.price).padStart(14)}  ${t('master.priceFrom', p.fromDate, false)}`);
  if (now.length === 0) lines.push('  none in force yet');
  for (const p of later) lines.push(`  ${p.priceType.padEnd(width)}  ${moneyDisplay(p.price).padStart(14)}  ${t('master.priceFrom', p.fromDate, true)}`);
  return { text: `${lines.join('\n')}\n`, json };
}
