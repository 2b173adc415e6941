// `crm products show SKU`: the product's price lists (SPEC §9) — the price of each price type in
// force at --as-of (the latest dated on or before it) and the prices announced after it.
import type { Db } from '../db/connection.js';
import { pricesAfter, pricesInForce } from '../db/moneyQueries.js';
import { dateRu, moneyDisplay as moneyIn, moneyMajor } from '../io/locale.js';
import { lang, t } from '../i18n/index.js';

export async function productPrices(db: Db, sku: string, day: string): Promise<{ text: string; json: Record<string, unknown>[] }> {
  const now = await pricesInForce(db, day, sku);
  const later = await pricesAfter(db, day, sku);
  const json = [
    ...now.map((p) => ({ price_type: p.priceType, price: moneyMajor(p.price), from_date: p.fromDate, in_force: true })),
    ...later.map((p) => ({ price_type: p.priceType, price: moneyMajor(p.price), from_date: p.fromDate, in_force: false })),
  ];
  // money and days as the run's language writes them (3 557,15 and 01.07.2026 in Russian); JSON keeps numbers and ISO days
  const ru = lang() === 'ru';
  const money = (kopecks: number) => moneyIn(kopecks, ru ? 'ru' : 'en');
  const dayOf = (iso: string) => (ru ? dateRu(iso) : iso);
  if (json.length === 0) return { text: `${t('master.noTypedPrices', dayOf(day))}\n`, json };
  const width = Math.max(...[...now, ...later].map((p) => p.priceType.length));
  const lines = [t('master.pricesAt', dayOf(day))];
  for (const p of now) lines.push(`  ${p.priceType.padEnd(width)}  ${money(p.price).padStart(14)}  ${t('master.priceFrom', dayOf(p.fromDate), false)}`);
  if (now.length === 0) lines.push(`  ${t('money.noPricesInForce')}`);
  for (const p of later) lines.push(`  ${p.priceType.padEnd(width)}  ${money(p.price).padStart(14)}  ${t('master.priceFrom', dayOf(p.fromDate), true)}`);
  return { text: `${lines.join('\n')}\n`, json };
}
