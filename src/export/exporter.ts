// `crm export` and `crm template` (SPEC §3): what crm holds goes out in exactly the
// import format — canonical headers, money as plain decimals, ISO dates — so exporting and
// importing back reports everything unchanged. `--format 1c` writes what old Excel and 1C
// open: Windows-1251, `;`, decimal comma, Russian headers, dd.mm.yyyy.
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import type { Db } from '../db/connection.js';
import { exportRows } from '../db/exportStore.js';
import { UsageError } from '../errors.js';
import type { ColumnSpec, ColumnType, Rec } from '../model/types.js';
import { ENTITY_NAMES, entitySpec, type EntitySpec } from '../model/entities.js';
import { moneyMajor, moneyPlain } from '../io/locale.js';
import type { ColumnKind, TableColumn } from '../io/table.js';
import { checkFormatMatchesFile } from '../io/outputPath.js';
import { csvSafe, writeStreamAtomically } from '../io/write.js';
import { unknownName } from '../util/suggest.js';
import { lang, t } from '../i18n/index.js';
import { columnHelpRu, TEMPLATE_HEADERS_RU, TEMPLATE_SHEET_RU, TEMPLATE_YES_RU, TYPE_HELP_RU } from '../i18n/templateRu.js';

export type ExportFormat = 'csv' | 'xlsx' | 'json' | '1c';

const KIND: Record<ColumnType, ColumnKind> = {
  text: 'text', money: 'money', number: 'number', int: 'int', percent: 'percent', date: 'date', month: 'month', bool: 'bool', datetime: 'date',
};

export function specOrThrow(entity: string): EntitySpec {
  const spec = entitySpec(entity);
  if (!spec) throw new UsageError(unknownName('unknown entity', entity, ENTITY_NAMES));
  return spec;
}

/** Russian headers of the 1C format; each is one of the column's import aliases. */
const RU_HEADERS: Record<string, string> = {
  code: 'Код', name: 'Наименование', email: 'Эл. почта', active: 'Активен', parent_code: 'Родитель',
  illiquid_after_days: 'Порог неликвидности', deferral_days: 'Отсрочка', credit_line: 'Кредитная линия',
  sku: 'Артикул', group_code: 'Группа', unit: 'Ед. изм.', price: 'Цена', cost: 'Себестоимость',
  supplier_code: 'Поставщик', manager_code: 'Менеджер', support_level: 'Уровень поддержки',
  lead_time_days: 'Срок поставки', order_multiple: 'Кратность', inn: 'ИНН', segment: 'Сегмент', channel: 'Канал',
  discount_pct: 'Скидка', credit_limit: 'Кредитный лимит', purchase_potential: 'Потенциал',
  order_no: 'Номер заказа', date: 'Дата', client_code: 'Клиент', qty: 'Количество',
  planned_ship_date: 'Плановая дата отгрузки', planned_payment_date: 'Плановая дата оплаты',
  actual_ship_date: 'Фактическая дата отгрузки', actual_payment_date: 'Фактическая дата оплаты',
  status: 'Статус', refusal_reason: 'Причина отказа', shipment_no: 'Реализация', amount: 'Сумма',
  originals_date: 'Дата возврата оригиналов', payment_no: 'Номер платежа', po_no: 'Заказ поставщику',
  expected_date: 'Ожидаемая дата', receipt_no: 'Поступление товаров', reserved_date: 'Дата резерва',
  released_date: 'Дата снятия', month: 'Месяц', indicator: 'Показатель', value: 'Значение',
  price_type: 'Тип цен', from_date: 'Дата начала', delivery_no: 'Номер доставки', carrier: 'Перевозчик', base: 'База', pct: 'Процент',
  instructions: 'Инструкции',
};

/** Where one entity's column means something else than the column of that name elsewhere (a delivery's cost is no product cost). */
const RU_HEADERS_OF: Record<string, Record<string, string>> = {
  deliveries: { cost: 'Стоимость доставки', date: 'Дата доставки' },
};

export function russianHeader(c: ColumnSpec, entity?: string): string {
  return (entity !== undefined ? RU_HEADERS_OF[entity]?.[c.name] : undefined) ?? RU_HEADERS[c.name] ?? c.name;
}

export function exportColumns(spec: EntitySpec): TableColumn[] {
  return spec.columns.map((c) => ({ key: c.name, header: c.name, kind: KIND[c.type] }));
}

/** The kind of one exported cell: a plan value that is money in this row (a manager's revenue) is money. */
export function exportCellKind(spec: EntitySpec): (row: Rec, column: TableColumn) => ColumnKind {
  const plan = spec.plan;
  return (row, column) => (plan?.moneyValue && column.key === plan.valueField && plan.moneyValue(row) ? 'money' : column.kind);
}

export function resolveExportFormat(format: string | undefined, output: string): ExportFormat {
  if (format !== undefined) {
    if (!['csv', 'xlsx', 'json', '1c'].includes(format)) throw new UsageError(t('expected.option', '--format', format, 'exportFormat'));
    checkFormatMatchesFile(format, output);
    return format as ExportFormat;
  }
  const ext = path.extname(output).toLowerCase().slice(1);
  if (ext === 'csv' || ext === 'xlsx' || ext === 'json') return ext;
  throw new UsageError(t('usage.exportExtension', output));
}

function ruCell(kind: ColumnKind, value: Rec[string]): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    const text = kind === 'money' ? moneyPlain(value) : String(value);
    return text.replace('.', ',');
  }
  if (kind === 'date' && /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$/.test(value)) return `${value.slice(8, 10)}.${value.slice(5, 7)}.${value.slice(0, 4)}${value.slice(10)}`;
  return String(csvSafe(value));
}

function plainCsvCell(kind: ColumnKind, value: Rec[string]): string | number {
  if (value === null || value === undefined) return '';
  if (kind === 'money' && typeof value === 'number') return moneyPlain(value);
  return csvSafe(value);
}

export interface ExportResult {
  rows: number;
  format: ExportFormat;
  warnings: string[];
}

export async function exportEntity(db: Db, entity: string, output: string, formatOption?: string, headers: 'en' | 'ru' = 'en'): Promise<ExportResult> {
  const spec = specOrThrow(entity);
  const format = resolveExportFormat(formatOption, output);
  // --headers ru: the 1C format's Russian headers (each an import alias) on a canonical file
  const ruTitles = headers === 'ru' ? new Map(spec.columns.map((c) => [c.name, russianHeader(c, spec.name)])) : undefined;
  const columns = exportColumns(spec).map((c) => (ruTitles ? { ...c, title: ruTitles.get(c.key)! } : c));
  const kindOf = exportCellKind(spec);
  const warnings: string[] = [];
  let rows = 0;
  const records = exportRows(db, spec);
  if (format === 'xlsx') {
    const { writeXlsxFile } = await import('../io/render/xlsx.js');
    async function* counted() {
      for (const rec of records) {
        rows++;
        yield rec;
      }
    }
    await writeXlsxFile(output, [{ name: spec.name, columns, rows: counted(), cellKind: kindOf }]);
    return { rows, format, warnings };
  }
  let unencodable = 0;
  await writeStreamAtomically(output, async (write) => {
    if (format === 'json') {
      await write('[\n');
      for (const rec of records) {
        const obj = Object.fromEntries(columns.map((c) => [c.key, kindOf(rec, c) === 'money' && typeof rec[c.key] === 'number' ? moneyMajor(rec[c.key] as number) : (rec[c.key] ?? null)]));
        await write(`${rows++ > 0 ? ',\n' : ''}${JSON.stringify(obj)}`);
      }
      await write(`${rows > 0 ? '\n' : ''}]\n`);
      return;
    }
    const oneC = format === '1c';
    const encode = (text: string) => {
      if (!oneC) return text;
      const bytes = iconv.encode(text, 'cp1251');
      if (iconv.decode(bytes, 'cp1251') !== text) unencodable++;
      return bytes;
    };
    const options = oneC ? { delimiter: ';', record_delimiter: 'windows' as const } : {};
    const headerRow = oneC || ruTitles ? spec.columns.map((c) => russianHeader(c, spec.name)) : columns.map((c) => c.key);
    await write(encode(stringify([headerRow], options)));
    let batch: (string | number)[][] = [];
    const flush = async () => {
      if (batch.length > 0) await write(encode(stringify(batch, options)));
      batch = [];
    };
    for (const rec of records) {
      batch.push(columns.map((c) => (oneC ? ruCell(kindOf(rec, c), rec[c.key] ?? null) : plainCsvCell(kindOf(rec, c), rec[c.key] ?? null))));
      rows++;
      if (batch.length >= 1000) await flush();
    }
    await flush();
  });
  if (unencodable > 0) {
    warnings.push(t('usage.cp1251Lost', unencodable));
  }
  return { rows, format, warnings };
}

const TYPE_HELP: Record<ColumnType, string> = {
  text: 'text',
  money: 'money: 1234.56 or 1 234,56',
  number: 'number: 12 or 2,5',
  int: 'whole number',
  percent: 'percent: 5, 5% or 5,5',
  date: 'date: 2026-12-31, 31.12.2026 or an Excel date',
  month: 'month: 2027-01, янв.27 or январь 2027',
  bool: 'yes/no: 1/0, да/нет',
  datetime: 'date, or date and time: 2026-12-31, 2026-12-31 14:30, 31.12.2026 14:30 or an Excel date',
};

/** An empty sheet with the canonical headers, and a second sheet explaining each column. */
export async function writeTemplate(entity: string, output: string): Promise<void> {
  const spec = specOrThrow(entity);
  if (path.extname(output).toLowerCase() !== '.xlsx') throw new UsageError(t('usage.templateXlsx'));
  const { writeXlsxFile } = await import('../io/render/xlsx.js');
  // the explanation sheet in the words of --lang; the column names and their aliases are what a file holds, in both
  const ru = lang() === 'ru';
  const help = spec.columns.map((c) => ({
    column: c.name,
    required: c.required ? (ru ? TEMPLATE_YES_RU : 'yes') : '',
    type: ru ? (TYPE_HELP_RU[c.type] ?? TYPE_HELP[c.type]) : TYPE_HELP[c.type],
    accepted_headers: [c.name, ...(c.aliases ?? [])].join(', '),
    description: ru ? (columnHelpRu(c.help) ?? c.help) : c.help,
  }));
  const header = (key: keyof typeof TEMPLATE_HEADERS_RU, en: string) => (ru ? TEMPLATE_HEADERS_RU[key] : en);
  const columns = exportColumns(spec).map((c) => ({ ...c, width: Math.max(12, c.key.length + 4) }));
  await writeXlsxFile(output, [
    { name: spec.name, columns, rows: [] },
    {
      name: ru ? TEMPLATE_SHEET_RU : 'columns',
      columns: [
        { key: 'column', header: header('column', 'column'), kind: 'text', width: 22 },
        { key: 'required', header: header('required', 'required'), kind: 'text', width: 12 },
        { key: 'type', header: header('type', 'type'), kind: 'text', width: 34 },
        { key: 'accepted_headers', header: header('accepted_headers', 'accepted headers'), kind: 'text', width: 60 },
        { key: 'description', header: header('description', 'description'), kind: 'text', width: 80 },
      ],
      rows: help,
    },
  ]);
}
