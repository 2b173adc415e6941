// The demo company's CRM history (SPEC §9), generated from the company of scripts/fixtures.ts
// with a seed of its own, so adding it changed none of the other fixtures: a year of
// interactions (a few clients fall silent), deals in three sales channels moving forward, back
// (with a reason) and out (won or lost with a reason), negotiations with their checklists, and
// claims against real shipment lines, some recovered from the supplier.
import type { Company } from './fixtures.js';
import { seededRandom } from './random.js';

export const CRM_SEED = 20269;
const FROM = '2025-11-26'; // a year of history up to the demo's last day
const END = '2026-11-25';

const DAY = 86_400_000;
const addDays = (isoDay: string, n: number) => new Date(new Date(`${isoDay}T00:00:00Z`).getTime() + n * DAY).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((new Date(`${b}T00:00:00Z`).getTime() - new Date(`${a}T00:00:00Z`).getTime()) / DAY);
const money = (rubles: number) => Math.round(rubles * 100) / 100;

export interface CrmCompany {
  stages: Record<string, unknown>[];
  deals: Record<string, unknown>[];
  dealStages: Record<string, unknown>[];
  interactions: Record<string, unknown>[];
  claimCauses: Record<string, unknown>[];
  claims: Record<string, unknown>[];
  negotiationTemplates: Record<string, unknown>[];
  negotiations: Record<string, unknown>[];
  negotiationItems: Record<string, unknown>[];
}

/** Each channel's open stages in order, then its won and lost stage. */
const CHANNELS: { channel: string; open: string[]; won: string; lost: string; weight: number; amount: [number, number] }[] = [
  { channel: 'прямые продажи', open: ['лид', 'квалификация', 'КП отправлено', 'согласование'], won: 'заказ', lost: 'отказ', weight: 0.55, amount: [50, 900] },
  { channel: 'дилеры', open: ['запрос', 'условия', 'пробный заказ'], won: 'договор', lost: 'отказ', weight: 0.25, amount: [200, 2500] },
  { channel: 'тендеры', open: ['объявлен', 'заявка подана', 'допуск', 'торги'], won: 'победа', lost: 'проигрыш', weight: 0.2, amount: [500, 6000] },
];

export function generateCrm(company: Company, seed = CRM_SEED): CrmCompany {
  const rnd = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const clients = company.clients.map((c) => ({ code: String(c.code), manager: String(c.manager_code) }));
  const reasons = company.reasons.map((r) => String(r.code));

  const stages = CHANNELS.flatMap((c) => [
    ...c.open.map((stage, i) => ({ channel: c.channel, stage, position: i + 1, outcome: 'open' })),
    { channel: c.channel, stage: c.won, position: '', outcome: 'won' },
    { channel: c.channel, stage: c.lost, position: '', outcome: 'lost' },
  ]);

  // ── deals: a walk through the channel's stages, one move a day at most ──
  const ordersOf = new Map<string, { no: string; date: string }[]>();
  const seenOrder = new Set<string>();
  for (const o of company.orders) {
    if (o.status === 'refused' || seenOrder.has(String(o.order_no))) continue;
    seenOrder.add(String(o.order_no));
    const list = ordersOf.get(String(o.client_code)) ?? [];
    list.push({ no: String(o.order_no), date: String(o.date) });
    ordersOf.set(String(o.client_code), list);
  }
  const usedOrders = new Set<string>();
  const deals: Record<string, unknown>[] = [];
  const dealStages: Record<string, unknown>[] = [];
  for (let i = 0; i < 320; i++) {
    const r = rnd();
    const ch = r < CHANNELS[0]!.weight ? CHANNELS[0]! : r < CHANNELS[0]!.weight + CHANNELS[1]!.weight ? CHANNELS[1]! : CHANNELS[2]!;
    const client = pick(clients);
    const date = addDays(FROM, int(0, 350));
    const dealNo = `СД-${String(i + 1).padStart(4, '0')}`;
    const amount = int(ch.amount[0], ch.amount[1]) * 1000;
    let pos = 0; // index into open stages; -1 won, -2 lost
    let day = date;
    let wonOn: string | undefined;
    for (let step = 0; step < 12; step++) {
      day = addDays(day, int(2, 25));
      if (day > END) break;
      const x = rnd();
      const last = pos === ch.open.length - 1;
      if (x < 0.12) {
        dealStages.push({ deal_no: dealNo, date: day, stage: ch.lost, reason: pick(reasons), note: '' });
        break;
      }
      if (x < 0.22 && pos > 0) {
        // back one or two stages, with why
        pos = Math.max(0, pos - int(1, 2));
        dealStages.push({ deal_no: dealNo, date: day, stage: ch.open[pos], reason: pick(reasons), note: pick(['клиент вернулся к сравнению цен', 'изменилась спецификация', 'новый ответственный у клиента', '']) });
        continue;
      }
      if (last ? x < 0.7 : x < 0.32) {
        dealStages.push({ deal_no: dealNo, date: day, stage: ch.won, reason: '', note: '' });
        wonOn = day;
        break;
      }
      if (x < 0.85 && !last) {
        // forward, now and then skipping a stage
        pos = Math.min(ch.open.length - 1, pos + (rnd() < 0.15 ? 2 : 1));
        dealStages.push({ deal_no: dealNo, date: day, stage: ch.open[pos], reason: '', note: '' });
      }
    }
    // a won deal names the client's order that came of it, when there is one soon after
    const order = wonOn === undefined ? undefined : (ordersOf.get(client.code) ?? []).find((o) => o.date >= wonOn! && o.date <= addDays(wonOn!, 30) && !usedOrders.has(o.no));
    if (order) usedOrders.add(order.no);
    deals.push({
      deal_no: dealNo,
      date,
      client_code: client.code,
      channel: ch.channel,
      manager_code: client.manager,
      title: pick(['поставка кабеля на объект', 'освещение склада', 'годовой контракт', 'электрощитовое оборудование', 'комплектация ЖК', 'замена светильников', 'кабельная продукция по спецификации']),
      amount,
      expected_close: addDays(date, int(20, 90)),
      order_no: order?.no ?? '',
    });
  }

  // ── interactions: every client now and then, more for the bigger ones; a few fall silent ──
  const interactions: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  const kinds: [string, number][] = [['звонок', 0.45], ['эл. письмо', 0.27], ['встреча', 0.08], ['визит', 0.07], ['письмо', 0.06], ['факс', 0.04], ['другое', 0.03]];
  const kindOf = () => {
    let x = rnd();
    for (const [k, w] of kinds) if ((x -= w) < 0) return k;
    return 'звонок';
  };
  const contacts = ['Ковалёв С.А.', 'Морозова Т.И.', 'Лебедев А.В.', 'Новикова Е.Н.', 'Фёдоров П.Р.', 'главный инженер', 'снабженец', 'бухгалтерия'];
  const subjects = ['цены на кабель', 'сроки поставки', 'сверка взаиморасчётов', 'новая спецификация', 'претензия по поставке', 'отсрочка платежа', 'график отгрузок', 'коммерческое предложение', 'оригиналы документов'];
  const results = ['договорились', 'ждём ответа', 'выслали КП', 'перезвонить', 'согласовали отгрузку', 'отказ', ''];
  clients.forEach((client, index) => {
    const perMonth = 1 + (index % 7 === 0 ? 5 : index % 3);
    const silentFrom = index % 11 === 4 ? addDays(END, -int(35, 120)) : END; // these stopped being contacted
    for (let d = FROM; d <= silentFrom; d = addDays(d, int(3, Math.round(60 / perMonth)))) {
      const kind = kindOf();
      const direction = pick(['входящий', 'исходящий', 'исходящий']);
      const withTime = kind === 'звонок' || kind === 'встреча' ? ` ${String(int(9, 18)).padStart(2, '0')}:${pick(['00', '15', '30', '45'])}` : '';
      const row = {
        Дата: `${d}${withTime}`,
        Клиент: client.code,
        Вид: kind,
        Направление: direction,
        Менеджер: rnd() < 0.9 ? client.manager : pick(clients).manager,
        Контакт: pick(contacts),
        Тема: pick(subjects),
        'Номер документа': kind === 'письмо' || kind === 'факс' ? `${direction === 'входящий' ? 'вх' : 'исх'}-${int(100, 9999)}` : '',
        Результат: pick(results),
        'Следующий контакт': rnd() < 0.3 ? addDays(d, int(3, 30)) : '',
      };
      const key = [row.Дата, row.Клиент, row.Вид, row.Направление, row.Контакт, row.Тема, row['Номер документа']].join('|');
      if (seen.has(key)) continue;
      seen.add(key);
      interactions.push(row);
    }
  });

  // ── claims against shipment lines of the year ──
  const claimCauses = [
    ['BRAK', 'Брак'],
    ['SHORT', 'Недовложение'],
    ['DAMAGE', 'Повреждение при доставке'],
    ['REGRADE', 'Пересорт'],
    ['DOCS', 'Ошибка в документах'],
  ].map(([code, name]) => ({ code, name }));
  const lines = company.shipments.filter((s) => String(s.date) >= FROM && String(s.date) <= addDays(END, -3));
  const claims: Record<string, unknown>[] = [];
  const claimedLines = new Set<number>();
  for (let i = 0; i < 90 && lines.length > 0; i++) {
    const n = int(0, lines.length - 1);
    if (claimedLines.has(n)) continue;
    claimedLines.add(n);
    const line = lines[n]!;
    const cause = pick(['BRAK', 'BRAK', 'SHORT', 'DAMAGE', 'REGRADE', 'DOCS']);
    const date = addDays(String(line.date), int(1, 20));
    if (date > END) continue;
    const lineQty = Number(line.qty);
    const qty = cause === 'DOCS' ? lineQty : Math.max(1, Math.round(lineQty * pick([0.05, 0.1, 0.2, 0.5, 1])));
    const amount = money((Number(line.amount) / lineQty) * qty);
    const age = daysBetween(date, END);
    const closed = age > 20 ? rnd() < 0.9 : rnd() < 0.3;
    const rejected = closed && rnd() < 0.15;
    const resolved = closed ? addDays(date, int(2, Math.min(40, Math.max(2, age)))) : '';
    const result = rejected ? 'отказ' : closed ? (cause === 'DOCS' ? 'скидка' : pick(['замена', 'замена', 'возврат', 'скидка', 'ремонт'])) : '';
    const supplierFault = cause === 'BRAK' || cause === 'REGRADE';
    claims.push({
      claim_no: `ПР-${String(claims.length + 1).padStart(4, '0')}`,
      date,
      client_code: line.client_code,
      cause_code: cause,
      status: rejected ? 'отклонена' : closed ? 'решена' : pick(['новая', 'в работе']),
      shipment_no: line.shipment_no,
      sku: line.sku,
      qty,
      amount,
      result,
      resolved_date: resolved && resolved <= END ? resolved : closed ? END : '',
      manager_code: clients.find((c) => c.code === line.client_code)?.manager ?? '',
      recovered_amount: closed && !rejected && supplierFault && rnd() < 0.7 ? money(amount * pick([0.5, 0.8, 1])) : '',
      description: pick(['', 'акт приёмки приложен', 'фото повреждений', 'расхождение с накладной']),
    });
  }

  // ── negotiations with their checklists ──
  const templates: [string, string[]][] = [
    ['ГОДОВОЙ', ['объём закупок на год', 'скидка', 'отсрочка платежа', 'ассортимент', 'график поставок']],
    ['НОВЫЙ', ['потребность клиента', 'условия оплаты', 'доставка', 'первый заказ']],
  ];
  const negotiationTemplates = templates.flatMap(([code, items]) => items.map((item, i) => ({ template_code: code, position: i + 1, item })));
  const negotiations: Record<string, unknown>[] = [];
  const negotiationItems: Record<string, unknown>[] = [];
  for (let i = 0; i < 70; i++) {
    const [template, items] = rnd() < 0.6 ? templates[0]! : templates[1]!;
    const client = pick(clients);
    const date = addDays(FROM, int(0, 360));
    const no = `ПГ-${String(i + 1).padStart(4, '0')}`;
    const recent = daysBetween(date, END) < 14;
    const result = recent && rnd() < 0.5 ? '' : pick(['договорились', 'договорились', 'отложено', 'отказ']);
    negotiations.push({
      negotiation_no: no,
      date,
      client_code: client.code,
      template_code: template,
      manager_code: client.manager,
      result,
      next_date: result === 'отложено' ? addDays(date, int(7, 45)) : '',
      note: '',
    });
    if (result === '') continue;
    for (const item of items) {
      if (rnd() < 0.1) continue; // not discussed
      const x = rnd();
      const outcome = result === 'договорились' ? (x < 0.7 ? 'да' : x < 0.9 ? 'частично' : 'нет') : result === 'отказ' ? (x < 0.2 ? 'да' : x < 0.4 ? 'частично' : 'нет') : x < 0.4 ? 'да' : x < 0.7 ? 'частично' : 'нет';
      negotiationItems.push({ negotiation_no: no, item, outcome, note: '' });
    }
  }

  return { stages, deals, dealStages, interactions, claimCauses, claims, negotiationTemplates, negotiations, negotiationItems };
}

/** The files `crm demo` loads, in load order. */
export const CRM_FIXTURE_FILES: [entity: string, file: string, part: keyof CrmCompany][] = [
  ['stages', 'stages.csv', 'stages'],
  ['deals', 'deals.csv', 'deals'],
  ['deal-stages', 'deal-stages.csv', 'dealStages'],
  ['interactions', 'interactions.csv', 'interactions'],
  ['claim-causes', 'claim-causes.csv', 'claimCauses'],
  ['claims', 'claims.csv', 'claims'],
  ['negotiation-templates', 'negotiation-templates.csv', 'negotiationTemplates'],
  ['negotiations', 'negotiations.csv', 'negotiations'],
  ['negotiation-items', 'negotiation-items.csv', 'negotiationItems'],
];
