// `crm plan explain RUN SKU [MONTH]`: the derivation of one SKU's numbers in words and
// numbers, so an analyst can check every figure of the plan by hand (SPEC §4).
import type { RunMeta } from '../db/planRuns.js';
import { moneyDisplay } from '../io/locale.js';
import { monthRange } from '../planning/calendar.js';
import { scheduledMonth } from '../planning/inventory.js';
import type { SkuTrace } from '../planning/trace.js';
import { lang, t as words } from '../i18n/index.js';

type Row = Record<string, string | number | null>;

const money = (kopecks: number) => moneyDisplay(kopecks, lang());
function qty(n: number): string {
  const r = Math.round(n * 1e6) / 1e6;
  const [whole, fraction] = String(r === 0 ? 0 : r).split('.');
  const ru = lang() === 'ru';
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ru ? '\u00a0' : ' ');
  return fraction ? `${grouped}${ru ? ',' : '.'}${fraction}` : grouped;
}
const units = (n: number) => words('explain.units', qty(n), qty(n) === '1');
const fixed = (n: number) => (lang() === 'ru' ? n.toFixed(8).replace('.', ',') : n.toFixed(8));

export function explainSku(run: RunMeta, t: SkuTrace, inventory: Row[], purchases: Row[], onlyMonth?: string): string {
  const months = monthRange(run.from, run.months);
  const out: string[] = [];
  const line = (text = '') => out.push(text);
  line(words('explain.head', t.sku, run.id, months[0]!, months[months.length - 1]!, String(run.salesVersion ?? '-'), String(run.stockVersion ?? '-')));
  line(words('explain.terms', t.group, t.supplier ?? null, money(t.cost), money(t.price), t.leadTimeDays, qty(t.orderMultiple)));
  line(words('explain.history', t.lookbackStart, t.lookbackEnd, run.lookback, money(t.history.amount), units(t.history.qty)));
  if (t.unitPrice) {
    line(
      t.unitPrice.source === 'history'
        ? words('explain.unitPriceHistory', money(t.unitPrice.value), money(t.history.amount), units(t.history.qty))
        : words('explain.unitPriceList', money(t.unitPrice.value)),
    );
  }
  if (t.opening) {
    const o = t.opening;
    const count = o.countDate ? { qty: qty(o.countQty), date: o.countDate } : null;
    line(words('explain.opening', units(o.qty), t.lookbackEnd, count, qty(o.receiptsAfterCount), qty(o.shippedAfterCount)));
  }
  for (const month of months) {
    if (onlyMonth !== undefined && month !== onlyMonth) continue;
    const inv = inventory.find((r) => r.month === month);
    if (!inv) continue;
    line();
    line(month);
    const demand = t.demand.filter((d) => d.month === month);
    if (demand.length === 0) line(words('explain.noDemand', t.sku, month));
    for (const d of demand) {
      const weight = d.equalWeights
        ? words('explain.weightEqual', d.groupProducts, d.planGroup)
        : words('explain.weightHistory', fixed(d.weight), money(t.history.amount), money(d.groupHistory), d.groupProducts, d.planGroup);
      line(words('explain.demand', d.planGroup, month, money(d.planAmount), weight));
      line(words('explain.demandCalc', money(d.planAmount), fixed(d.weight), money(d.amount), money(d.unitPrice), units(d.qty)));
    }
    line(words('explain.openingMonth', units(Number(inv.opening)), month === months[0]));
    const scheduled = t.scheduled.filter((s) => scheduledMonth(s.expectedDate, months) === month);
    if (scheduled.length === 0) line(words('explain.noScheduled'));
    for (const s of scheduled) {
      line(words('explain.scheduled', qty(s.qty), s.po, s.dateSource === 'expected_date', s.expectedDate, t.leadTimeDays, s.expectedDate < `${months[0]}-01`));
    }
    line(words('explain.minStock', qty(Number(inv.min_stock))));
    line(words('explain.need', qty(Number(inv.min_stock)), qty(Number(inv.demand)), qty(Number(inv.opening)), qty(Number(inv.scheduled)), qty(Number(inv.need))));
    const purchase = purchases.find((p) => p.receipt_month === month);
    if (purchase) {
      line(words('explain.planned', qty(Number(inv.need)), qty(t.orderMultiple), qty(Number(purchase.qty)), month));
      line(words('explain.orderDate', month, t.leadTimeDays, String(purchase.order_date), Number(purchase.late) ? months[0]! : undefined));
      line(words('explain.purchase', qty(Number(purchase.qty)), money(t.cost), money(Number(purchase.amount))));
      const pay = t.payments.find((p) => p.receiptDate === `${month}-01`);
      if (pay) {
        if (pay.deferralDays <= 0) {
          line(words('explain.payNow', pay.deferralDays, money(pay.amount), pay.paidNowDate));
        } else {
          line(words('explain.payDeferred', pay.deferralDays, pay.creditLine === null ? null : money(pay.creditLine), pay.receiptDate, money(pay.outstanding)));
          const room = pay.creditLine !== null ? { credit: money(pay.creditLine), outstanding: money(pay.outstanding) } : null;
          line(words('explain.payDeferredCalc', money(pay.deferred), pay.deferredDate ?? '-', money(pay.paidNow), room));
        }
      }
    } else {
      line(words('explain.noPlanned'));
    }
    line(
      words('explain.closing', qty(Number(inv.opening)), qty(Number(inv.scheduled)), qty(Number(inv.planned)), qty(Number(inv.demand)), units(Number(inv.closing)), qty(Number(inv.closing)), money(t.cost), money(Number(inv.closing_value))),
    );
  }
  return `${out.join('\n')}\n`;
}
