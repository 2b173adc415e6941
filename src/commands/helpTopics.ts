import { UsageError } from '../errors.js';
import type { ColumnSpec, ColumnType } from '../model/types.js';
import { ENTITIES, REFS } from '../model/entities.js';
import { groupThousands, MAX_MONEY_ROUBLES, MAX_NUMBER } from '../io/locale.js';
import { unknownName } from '../util/suggest.js';

const TYPE_WORDS: Record<ColumnType, string> = {
  text: 'text', money: 'money', number: 'number', int: 'whole number', percent: 'percent', date: 'date', month: 'month', bool: 'yes/no', datetime: 'date [time]',
};

const typeOf = (c: ColumnSpec) => (c.ref ? `code (${REFS[c.ref].entity})` : TYPE_WORDS[c.type]);

const TOPICS: Record<string, () => string> = {
  'exit-codes': () => `Exit codes
  0  ok
  1  unexpected failure (run with --debug for the stack trace)
  2  bad usage or invalid input: nothing was written
  3  refused: the database is locked by another writer, is newer or older than this crm
     (crm init migrates an older one), read-only, the disk is full, or a conflict: a past plan month,
     an undo that later operations stand in the way of (they are named; --cascade undoes them too),
     a delete of a record others refer to (they are named; archive it with edit --active false), a damaged backup
  4  done with --skip-invalid: the valid rows were written (with --dry-run: would be), some rows
     were rejected (listed on stderr; --errors FILE writes every rejected row)
  130, 143  interrupted (Ctrl-C, SIGTERM): nothing was written, a file being written is left as it was
`,
  formats: () => {
    const lines = [
      'Import files: .xlsx (first sheet unless --sheet), .csv or .tsv with a header row.',
      'CSV: delimiter , ; or TAB (sniffed); UTF-8 with or without BOM, Windows-1251 (or KOI8-R, CP866), UTF-16 (detected; --encoding overrides);',
      'a file mixing encodings, or cut in the middle of a character, is refused. xlsx: a formula is read as the value Excel saved;',
      'an Excel error (#DIV/0!) or a formula saved without its value is refused, never read as empty.',
      'The header need not be the first row: the first of the first 30 rows naming the required columns is (--header-row N forces one);',
      'title lines above it, blank rows and a closing Итого/Всего/Total row are skipped. A client, product or supplier written by',
      'name (or a client by INN) instead of its code is found by its name (--match code turns that off).',
      'Headers ignore case, spaces, _ and -, and accept the Russian aliases below (written here without spaces:',
      '"Номер заказа" matches номерзаказа). Unknown columns are ignored with a warning.',
      'Money: 1234.56, 1 234,56, 1234,5 or an Excel number. Dates: 2026-12-31, 31.12.2026, 31.12.26, Excel dates.',
      'Percents: 5, 5%, 5,5. Months: 2027-01, янв.27, январь 2027.',
      `Bounds: money within ±${groupThousands(String(MAX_MONEY_ROUBLES))} (exact to the kopeck), quantities and whole numbers within ±${groupThousands(String(MAX_NUMBER))}.`,
      'Plans may also be wide: one column per month (2027-01, янв.27 …) instead of month and value.',
      '',
      'Entities: one line per column, name (* = required), type, aliases.',
    ];
    for (const e of ENTITIES) {
      lines.push('', `${e.name} — ${e.title}`);
      const nameWidth = Math.max(...e.columns.map((c) => c.name.length + 1));
      const typeWidth = Math.max(...e.columns.map((c) => typeOf(c).length));
      for (const c of e.columns) {
        const aliases = (c.aliases ?? []).join(', ');
        lines.push(`  ${`${c.name}${c.required ? '*' : ''}`.padEnd(nameWidth)}  ${typeOf(c).padEnd(typeWidth)}  ${aliases}`.trimEnd());
      }
    }
    return `${lines.join('\n')}\n`;
  },
};

export const TOPIC_NAMES = Object.keys(TOPICS);

/** `crm help TOPIC`; `commands` are the names `crm help` also answers, for the suggestion. */
export function helpTopic(topic: string, commands: readonly string[] = []): string {
  if (!Object.hasOwn(TOPICS, topic)) {
    throw new UsageError(unknownName('no help topic or command', topic, [...TOPIC_NAMES, ...commands], 'topics and commands'));
  }
  return TOPICS[topic]!();
}
