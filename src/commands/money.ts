// The money commands of SPEC §9 (issue 14): `crm settings set|list`, `crm shipments
// originals NO --date D`, `crm offer evaluate FILE`. Writes are operations (undoable);
// the offer writes nothing.
import path from 'node:path';
import { say, writeToday, type Ctx } from '../context.js';
import { withDb, type Db } from '../db/connection.js';
import {
  allSettings, deleteSetting, insertSetting, settingRow, setOriginalsDate, shipmentOriginals, updateSetting,
} from '../db/moneyQueries.js';
import { runOperation } from '../db/operation.js';
import { CrmError, UsageError, ValidationError, type Problem } from '../errors.js';
import { t } from '../i18n/index.js';
import { isBad, parseDayOption, parseInteger, parseMoney, parsePercent } from '../io/locale.js';
import { checkOutputPath, sameFile } from '../io/outputPath.js';
import { isForPeople, outputTable, resolveFormat } from '../io/render/index.js';
import { reportJson } from '../io/render/json.js';
import { column, type Table } from '../io/table.js';
import type { EntitySpec } from '../model/types.js';
import { DEFAULT_ILLIQUID_AFTER_DAYS } from '../reports/illiquid.js';
import { withTitles } from '../reports/titles.js';
import { suggest } from '../util/suggest.js';

// ── settings ─────────────────────────────────────────────────────────────────

interface SettingSpec {
  /** What it does, in the words of the run. */
  help: () => string;
  default: string;
  /** A number: JSON gives it as a number, not as the stored text. */
  numeric: boolean;
  /** The stored text of a value, or what was expected (in the words of the run). */
  parse(text: string): string | { expected: string };
}

export const SETTINGS: Record<string, SettingSpec> = {
  money_rate_pct: {
    help: () => t('money.helpMoneyRate'),
    default: '0',
    numeric: true,
    parse: (text) => {
      const v = parsePercent(text);
      return v === null || isBad(v) || v < 0 || v > 100 ? { expected: t('money.expectedPercent') } : String(v);
    },
  },
  illiquid_after_days: {
    help: () => t('money.helpIlliquidAfter'),
    default: String(DEFAULT_ILLIQUID_AFTER_DAYS),
    numeric: true,
    parse: (text) => {
      const v = parseInteger(text);
      return v === null || isBad(v) || v < 1 || v > 36_500 ? { expected: t('money.expectedDays') } : String(v);
    },
  },
};

function settingSpec(key: string): SettingSpec {
  const spec = SETTINGS[key];
  if (!spec) throw new UsageError(t('money.unknownSetting', key, suggest(key, Object.keys(SETTINGS)), Object.keys(SETTINGS).join(', ')));
  return spec;
}

export async function runSettingsSet(key: string, text: string, ctx: Ctx): Promise<void> {
  const spec = settingSpec(key);
  const parsed = spec.parse(text);
  if (typeof parsed !== 'string') throw new UsageError(t('money.badSetting', key, text, parsed.expected));
  await withDb(ctx.dbPath, 'write', async (db) => {
    const operation = await applySetting(db, key, parsed, ctx);
    say(ctx, operation === undefined ? t('money.settingSame', key, parsed) : t('money.settingSet', key, parsed, operation));
  });
}

/** Store a checked setting as one operation; its id, or undefined when the value was stored already. */
export async function applySetting(db: Db, key: string, value: string, ctx: Pick<Ctx, 'argv' | 'user' | 'now'>): Promise<number | undefined> {
  const { operation } = await runOperation(
    db,
    { kind: 'settings', command: `settings set ${key}`, argv: ctx.argv, entity: 'settings', user: ctx.user, startedAt: ctx.now().toISOString() },
    async (tx) => {
      const row = settingRow(db, key);
      if (!row) tx.journal.inserted('settings', insertSetting(db, key, value));
      else if (row.value !== value) {
        tx.journal.before('settings', row.id, 'update');
        updateSetting(db, row.id, value);
        tx.journal.after('settings', row.id);
      }
      return { result: undefined, keep: true };
    },
  );
  return operation;
}

/** `crm settings reset KEY`: the setting back to its default (its row removed: one operation, undoable). */
export async function runSettingsReset(key: string, ctx: Ctx): Promise<void> {
  const spec = settingSpec(key);
  await withDb(ctx.dbPath, 'write', async (db) => {
    const row = settingRow(db, key);
    if (!row) {
      say(ctx, t('money.settingDefaultAlready', key, spec.default));
      return;
    }
    const { operation } = await runOperation(
      db,
      { kind: 'settings', command: `settings reset ${key}`, argv: ctx.argv, entity: 'settings', user: ctx.user, startedAt: ctx.now().toISOString() },
      async (tx) => {
        tx.journal.before('settings', row.id, 'delete');
        deleteSetting(db, row.id);
        return { result: undefined, keep: true };
      },
    );
    say(ctx, t('money.settingReset', key, spec.default, row.value, operation!));
  });
}

export async function runSettingsList(opts: { json?: boolean }, ctx: Ctx): Promise<void> {
  const stored = await withDb(ctx.dbPath, 'read', async (db) => allSettings(db));
  const rows = Object.entries(SETTINGS).map(([key, s]) => ({ key, value: stored.get(key) ?? s.default, set: stored.has(key) ? 1 : 0, help: s.help() }));
  if (opts.json) {
    const json = rows.map((r) => ({ ...r, value: SETTINGS[r.key]!.numeric ? Number(r.value) : r.value, set: r.set === 1 }));
    ctx.stdout.write(`${JSON.stringify({ settings: json }, null, 2)}\n`);
    return;
  }
  const width = Math.max(...rows.map((r) => r.key.length));
  for (const r of rows) ctx.stdout.write(`${r.key.padEnd(width)}  ${r.value}${r.set ? '' : ` ${t('money.settingDefault')}`}  — ${r.help}\n`);
}

// ── shipments originals ──────────────────────────────────────────────────────

/** `crm shipments originals NO --date D`: the day the signed originals came back (`--clear`: not back after all). */
export async function runShipmentOriginals(shipmentNo: string, opts: { date?: string; clear?: boolean }, ctx: Ctx): Promise<void> {
  if (opts.clear && opts.date !== undefined) throw new UsageError(t('money.dateAndClear'));
  const today = writeToday(ctx);
  // the day is --date, else --as-of: a message names the one the user typed
  const flag = opts.date !== undefined ? '--date' : '--as-of';
  const date = opts.clear ? null : parseDayOption(flag, opts.date ?? ctx.asOf);
  await withDb(ctx.dbPath, 'write', async (db) => {
    const shipment = await shipmentOriginals(db, shipmentNo);
    if (!shipment) throw new UsageError(t('money.noShipmentWritten', shipmentNo));
    // the rule of the import's originals_date (src/model/entityRules.ts originalsDateProblem), in the words of the run
    const day = shipment.date.slice(0, 10);
    if (date !== null && date < day) throw new UsageError(t('money.originalsBefore', flag, date, shipmentNo, day));
    if (date !== null && date > today) throw new UsageError(t('money.originalsAfterToday', flag, date, today));
    if (shipment.originalsDate === date) {
      say(ctx, date === null ? t('money.originalsNoneAlready', shipmentNo) : t('money.originalsAlready', shipmentNo, date));
      return;
    }
    const { operation } = await runOperation(
      db,
      { kind: 'edit', command: `shipments originals ${shipmentNo}`, argv: ctx.argv, entity: 'shipments', user: ctx.user, startedAt: ctx.now().toISOString() },
      async (tx) => {
        tx.journal.before('shipments', shipment.id, 'update');
        setOriginalsDate(db, shipment.id, date);
        tx.journal.after('shipments', shipment.id);
        return { result: undefined, keep: true };
      },
    );
    say(ctx, t('money.originalsSet', shipmentNo, date, shipment.originalsDate, operation!));
  });
}

// ── offer evaluate ───────────────────────────────────────────────────────────

/** The offer file's columns, in the import conventions (Russian headers, decimal commas). */
export const OFFER_SPEC: EntitySpec = {
  name: 'offer', title: 'Commercial offer', kind: 'single', key: ['sku'],
  columns: [
    { name: 'sku', type: 'text', required: true, aliases: ['артикул', 'номенклатура', 'товар', 'кодтовара'], help: 'SKU of an existing product, in any case (a0043 = A0043)' },
    { name: 'qty', type: 'number', required: true, aliases: ['количество', 'колво', 'кол'], min: 0, exclusive: true, help: 'quantity, greater than 0' },
    { name: 'price', type: 'money', aliases: ['цена', 'ценазаединицу', 'ценапредложения'], min: 0, help: 'price per unit; empty = the client\'s price type at --as-of' },
  ],
  table: { table: 'offer', fields: {} },
};

export interface OfferCommandOptions {
  client?: string;
  manager?: string;
  deferralDays?: string;
  delivery?: string;
  otherCosts?: string;
  rate?: string;
  sheet?: string;
  format?: string;
  json?: boolean;
  output?: string;
}

function moneyOption(flag: string, text: string | undefined): number {
  if (text === undefined) return 0;
  const v = parseMoney(text);
  if (v === null || isBad(v) || v < 0) throw new UsageError(t('money.badMoneyOption', flag, text));
  return v;
}

export async function runOfferEvaluate(file: string, opts: OfferCommandOptions, ctx: Ctx): Promise<void> {
  let deferralDays: number | undefined;
  if (opts.deferralDays !== undefined) {
    const v = parseInteger(opts.deferralDays);
    if (v === null || isBad(v) || Math.abs(v) > 3650) throw new UsageError(t('money.badDeferral', opts.deferralDays));
    deferralDays = v;
  }
  let ratePct: number | undefined;
  if (opts.rate !== undefined) {
    const v = parsePercent(opts.rate);
    if (v === null || isBad(v) || v < 0 || v > 100) throw new UsageError(t('money.badRate', opts.rate));
    ratePct = v;
  }
  const delivery = moneyOption('--delivery', opts.delivery);
  const otherCosts = moneyOption('--other-costs', opts.otherCosts);
  if (opts.json && opts.format !== undefined && opts.format !== 'json') throw new UsageError(t('report.jsonAndFormat', opts.format));
  // the offer file is read, not imported: said as what would happen to it
  if (opts.output && sameFile(opts.output, file)) throw new UsageError(t('money.outputIsOffer', opts.output));
  if (opts.output) checkOutputPath(opts.output, { flag: '-o', database: ctx.dbPath, input: file });
  const format = resolveFormat(opts.json ? 'json' : opts.format, opts.output, '-o', opts.json ? '--json' : undefined);

  const { evaluateOffer } = await import('../reports/offer.js');
  const result = await withDb(ctx.dbPath, 'read', async (db) => {
    const { codeExists } = await import('../db/reportQueries.js');
    if (opts.client !== undefined && !(await codeExists(db, 'clients', opts.client))) throw new UsageError(t('money.noSuchClient', opts.client));
    if (opts.manager !== undefined && !(await codeExists(db, 'managers', opts.manager))) throw new UsageError(t('money.noSuchManager', opts.manager));
    const { lines, warnings, note } = await readOffer(db, file, opts.sheet).catch((error: unknown) => evaluationError(error, path.basename(file)));
    if (note !== undefined) say(ctx, note);
    const evaluated = await evaluateOffer(db, lines, { asOf: ctx.asOf, client: opts.client, manager: opts.manager, deferralDays, delivery, otherCosts, ratePct });
    return { ...evaluated, warnings: [...warnings, ...evaluated.warnings] };
  });
  const params = { file: path.basename(file), ...result.params };
  // the formats people read get titles in words, in the run's language (CSV and JSON keep the keys)
  if (isForPeople(format)) result.table = withTitles(result.table);
  if (opts.output && (format === 'xlsx' || format === 'csv')) {
    await writeEvaluatedOffer(opts.output, format, result.table, params, result.warnings);
  } else if (format === 'json') {
    const json = JSON.parse(reportJson('offer', params, result.table)) as Record<string, unknown>;
    const text = `${JSON.stringify({ ...json, warnings: result.warnings }, null, 2)}\n`;
    if (opts.output) {
      const { writeAtomically } = await import('../io/write.js');
      const fs = await import('node:fs');
      await writeAtomically(opts.output, async (temp) => fs.writeFileSync(temp, text));
    } else ctx.stdout.write(text);
  } else {
    await outputTable(result.table, { format, output: opts.output }, ctx);
  }
  for (const w of result.warnings) say(ctx, t('money.warning', w));
}

/**
 * An evaluated offer as a file keeps what it was evaluated with: the terms (client, day, deferral,
 * rate …) and the warnings go on a second sheet `terms` (xlsx), or under the table after the
 * totals row (csv). The offer reader stops at the totals row, so the file is an offer again.
 */
async function writeEvaluatedOffer(output: string, format: 'xlsx' | 'csv', table: Table, params: Record<string, unknown>, warnings: string[]): Promise<void> {
  const terms: [string, string | number | null][] = [
    ...Object.entries(params).map(([k, v]): [string, string | number | null] => [k, v === null || v === undefined ? null : typeof v === 'number' ? v : String(v)]),
    ...warnings.map((w): [string, string] => ['warning', w]),
  ];
  if (format === 'xlsx') {
    const { writeXlsxFile } = await import('../io/render/xlsx.js');
    const title = t('money.offerTitle', String(params.file), String(params.as_of), params.client ? String(params.client) : null);
    await writeXlsxFile(output, [
      { name: table.name, columns: table.columns, rows: table.rows, totals: table.totals, headlines: table.headlines, title },
      {
        name: 'terms',
        columns: [{ ...column('term'), title: t('money.offerTermColumn') }, { ...column('value'), title: t('money.offerValueColumn') }],
        rows: terms.map(([term, value]) => ({ term, value })),
        title: t('money.offerTermsTitle', title),
      },
    ]);
    return;
  }
  const { renderCsv } = await import('../io/render/csv.js');
  const { stringify } = await import('csv-stringify/sync');
  const { writeAtomically, csvSafe } = await import('../io/write.js');
  const fs = await import('node:fs');
  const text = `${renderCsv(table)}\n${stringify(terms.map(([term, value]) => [term, csvSafe(value)]))}`;
  await writeAtomically(output, async (temp) => fs.writeFileSync(temp, text));
}

/**
 * The reader's errors are the import's, which say "nothing was written": an evaluation never
 * writes, so it says "nothing was evaluated" instead.
 */
function evaluationError(error: unknown, fileName: string): never {
  // in either language of the run
  const written = /[:;,] (nothing was written|ничего не записано)/;
  if (error instanceof CrmError && written.test(error.message)) {
    const message = t('money.offerNothingEvaluated', error.message.replace(written, ''));
    if (error instanceof ValidationError) throw new ValidationError(error.problems, message, error.more);
    if (error instanceof UsageError) throw new UsageError(message);
  }
  if (error instanceof ValidationError && error.message === t('problem.found', error.problems.length)) {
    throw new ValidationError(error.problems, t('money.offerProblems', fileName), error.more);
  }
  throw error;
}

/** The offer's lines, every problem of the file at once (exit 2 naming each). */
async function readOffer(db: Db, file: string, sheet: string | undefined) {
  const { offerProducts } = await import('../db/moneyQueries.js');
  const { openInlineSource } = await import('../import/rowSource.js');
  const products = await offerProducts(db);
  // 1C exports write SKUs in varying case: the exact SKU, else the one SKU equal but for case
  const folded = new Map<string, string[]>();
  for (const sku of products.keys()) folded.set(sku.toLocaleLowerCase('ru'), [...(folded.get(sku.toLocaleLowerCase('ru')) ?? []), sku]);
  const spec: EntitySpec = {
    ...OFFER_SPEC,
    hooks: {
      complete(rec, _known, report) {
        const text = String(rec.sku);
        if (products.has(text)) return;
        const found = folded.get(text.toLocaleLowerCase('ru')) ?? [];
        if (found.length === 1) rec.sku = found[0]!;
        else if (found.length > 1) report({ column: 'sku', value: text, message: t('money.skuCase', found.join(', ')) });
        else report({ column: 'sku', value: text, message: t('money.unknownSku') });
      },
    },
  };
  const source = await openInlineSource(spec, { file, sheet }, { refs: new Map(), codesOnly: true });
  const problems: Problem[] = [];
  const lines: { row: number; sku: string; qty: number; price: number | null }[] = [];
  const fileName = path.basename(file);
  // an evaluated offer (crm offer evaluate -o) has its summary under the totals row: not lines
  let totalsRow: number | undefined;
  let under = 0;
  for await (const batch of source.batches) {
    for (const parsed of batch) {
      if (totalsRow !== undefined) {
        if (parsed.skipped !== '') under++;
        continue;
      }
      if (parsed.skipped?.startsWith('the totals row')) {
        totalsRow = parsed.row;
        continue;
      }
      for (const p of parsed.problems ?? []) problems.push({ file: fileName, sheet: source.sheet(), ...p });
      if (parsed.problems?.length || !parsed.recs) continue;
      for (const rec of parsed.recs) lines.push({ row: parsed.row, sku: String(rec.sku), qty: Number(rec.qty), price: rec.price === null || rec.price === undefined ? null : Number(rec.price) });
    }
  }
  if (problems.length > 0) throw new ValidationError(problems, t('money.offerProblems', fileName));
  if (lines.length === 0) throw new UsageError(t('money.noOfferLines', fileName));
  // columns it did not use (a price under a header crm does not know is not a price: say so, not price silently from the list)
  const warnings = [...source.info.layout.warnings];
  if (!source.info.layout.index.has('price')) warnings.push(t('money.noPriceColumn', fileName));
  return { lines, warnings, note: totalsRow !== undefined && under > 0 ? t('money.offerTotalsRow', fileName, totalsRow, under) : undefined };
}
