// `crm plan explain RUN SKU [MONTH]`: the derivation of one SKU's numbers in words and
// numbers, so an analyst can check every figure of the plan by hand (SPEC §4).
import type { RunMeta } from '../db/planRuns.js';
import { moneyDisplay } from '../io/locale.js';
import { monthRange } from '../planning/calendar.js';
import { scheduledMonth } from '../planning/inventory.js';
import type { SkuTrace } from '../planning/trace.js';
import { plural } from '../util/plural.js';

type Row = Record<string, string | number | null>;

const money = (kopecks: number) => moneyDisplay(kopecks);
function qty(n: number): string {
  const r = Math.round(n * 1e6) / 1e6;
  const [whole, fraction] = String(r === 0 ? 0 : r).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return fraction ? `${grouped}.${fraction}` : grouped;
}
const units = (n: number) => `${qty(n)} ${qty(n) === '1' ? 'unit' : 'units'}`;

export function explainSku(run: RunMeta, t: SkuTrace, inventory: Row[], purchases: Row[], onlyMonth?: string): string {
  const months = monthRange(run.from, run.months);
  const out: string[] = [];
  const line = (text = '') => out.push(text);
  line(`SKU ${t.sku} in plan run ${run.id}: ${months[0]}..${months[months.length - 1]}, sales plan v${run.salesVersion ?? '-'}, minimum stock v${run.stockVersion ?? '-'}`);
  line(
    `group ${t.group}, supplier ${t.supplier ?? '(none: paid on receipt)'}, cost ${money(t.cost)}, list price ${money(t.price)}, ` +
      `lead time ${plural(t.leadTimeDays, 'day')}, order multiple ${qty(t.orderMultiple)}`,
  );
  line(`history (shipments ${t.lookbackStart}..${t.lookbackEnd}, ${plural(run.lookback, 'month')}): ${money(t.history.amount)} for ${units(t.history.qty)}`);
  if (t.unitPrice) {
    line(
      t.unitPrice.source === 'history'
        ? `unit price ${money(t.unitPrice.value)} = history ${money(t.history.amount)} / ${units(t.history.qty)}`
        : `unit price ${money(t.unitPrice.value)} = the list price (no sales in the lookback window)`,
    );
  }
  if (t.opening) {
    const o = t.opening;
    line(
      `opening stock ${units(o.qty)} at the end of ${t.lookbackEnd} = ` +
        (o.countDate ? `count ${qty(o.countQty)} on ${o.countDate}` : 'no count (0)') +
        ` + receipts ${qty(o.receiptsAfterCount)} − shipments ${qty(o.shippedAfterCount)} after it`,
    );
  }
  for (const month of months) {
    if (onlyMonth !== undefined && month !== onlyMonth) continue;
    const inv = inventory.find((r) => r.month === month);
    if (!inv) continue;
    line();
    line(month);
    const demand = t.demand.filter((d) => d.month === month);
    if (demand.length === 0) line(`  demand: no sales-plan row covers ${t.sku} in ${month} → 0`);
    for (const d of demand) {
      const weight = d.equalWeights
        ? `1 / ${d.groupProducts} (equal weights: the ${plural(d.groupProducts, 'active product')} of ${d.planGroup} ${d.groupProducts === 1 ? 'has' : 'have'} no sales in the lookback window)`
        : `${d.weight.toFixed(8)} = history ${money(t.history.amount)} / ${money(d.groupHistory)} of the ${plural(d.groupProducts, 'active product')} of ${d.planGroup}`;
      line(`  demand: sales plan of ${d.planGroup} for ${month} is ${money(d.planAmount)}; weight ${weight}`);
      line(`          → ${money(d.planAmount)} × ${d.weight.toFixed(8)} = ${money(d.amount)}; / unit price ${money(d.unitPrice)} = ${units(d.qty)}`);
    }
    line(`  opening: ${units(Number(inv.opening))}${month === months[0] ? ' (the opening stock above)' : ' (closing of the month before)'}`);
    const scheduled = t.scheduled.filter((s) => scheduledMonth(s.expectedDate, months) === month);
    if (scheduled.length === 0) line('  scheduled receipts: none');
    for (const s of scheduled) {
      const when = s.dateSource === 'expected_date' ? `expected ${s.expectedDate}` : `no expected date: order date + ${plural(t.leadTimeDays, 'day')} lead time = ${s.expectedDate}`;
      line(`  scheduled receipt: ${qty(s.qty)} open on purchase order ${s.po} (${when}${s.expectedDate < `${months[0]}-01` ? ', overdue: counted in the first month' : ''})`);
    }
    line(`  minimum stock: ${qty(Number(inv.min_stock))}`);
    line(
      `  need = max(0, min ${qty(Number(inv.min_stock))} + demand ${qty(Number(inv.demand))} − opening ${qty(Number(inv.opening))} − scheduled ${qty(Number(inv.scheduled))}) = ${qty(Number(inv.need))}`,
    );
    const purchase = purchases.find((p) => p.receipt_month === month);
    if (purchase) {
      line(`  planned receipt: ${qty(Number(inv.need))} rounded up to a multiple of ${qty(t.orderMultiple)} = ${qty(Number(purchase.qty))}, arriving ${month}-01`);
      line(
        `  order date: ${month}-01 − ${plural(t.leadTimeDays, 'day')} = ${purchase.order_date}` +
          (Number(purchase.late) ? ` — LATE: before ${months[0]}-01, the first day of the plan` : ''),
      );
      line(`  purchase: ${qty(Number(purchase.qty))} × cost ${money(t.cost)} = ${money(Number(purchase.amount))}`);
      const pay = t.payments.find((p) => p.receiptDate === `${month}-01`);
      if (pay) {
        if (pay.deferralDays <= 0) {
          line(`  payment: deferral ${plural(pay.deferralDays, 'day')} → all ${money(pay.amount)} paid on ${pay.paidNowDate}${pay.deferralDays < 0 ? ' (prepayment)' : ''}`);
        } else {
          const credit = pay.creditLine === null ? 'unlimited credit line' : `credit line ${money(pay.creditLine)}`;
          line(`  payment: deferral ${plural(pay.deferralDays, 'day')}, ${credit}, deferred and not yet due on ${pay.receiptDate}: ${money(pay.outstanding)}`);
          line(
            `           → deferred ${money(pay.deferred)} (paid ${pay.deferredDate ?? '-'}), paid on receipt ${money(pay.paidNow)}` +
              (pay.creditLine !== null ? ` (room = max(0, ${money(pay.creditLine)} − ${money(pay.outstanding)}))` : ''),
          );
        }
      }
    } else {
      line('  planned receipt: none');
    }
    line(
      `  closing: ${qty(Number(inv.opening))} + ${qty(Number(inv.scheduled))} + ${qty(Number(inv.planned))} − ${qty(Number(inv.demand))} = ${units(Number(inv.closing))}, value ${qty(Number(inv.closing))} × ${money(t.cost)} = ${money(Number(inv.closing_value))}`,
    );
  }
  return `${out.join('\n')}\n`;
}
