import { UsageError } from '../errors.js';
import type { ColumnSpec, ColumnType } from '../model/types.js';
import { choiceGroups, ENTITIES, REFS } from '../model/entities.js';
import { groupThousands, MAX_MONEY_ROUBLES, MAX_NUMBER } from '../io/locale.js';
import { unknownName } from '../util/suggest.js';
import { lang } from '../i18n/lang.js';
import { ENTITY_TITLES_RU } from '../i18n/helpRu.js';

const TYPE_WORDS: Record<ColumnType, string> = {
  text: 'text', money: 'money', number: 'number', int: 'whole number', percent: 'percent', date: 'date', month: 'month', bool: 'yes/no', datetime: 'date [time]',
};

const TYPE_WORDS_RU: Record<ColumnType, string> = {
  text: 'текст', money: 'деньги', number: 'число', int: 'целое', percent: 'процент', date: 'дата', month: 'месяц', bool: 'да/нет', datetime: 'дата [время]',
};

const typeOf = (c: ColumnSpec, ru = false) =>
  c.ref ? `${ru ? 'код' : 'code'} (${REFS[c.ref].entity})` : (ru ? TYPE_WORDS_RU : TYPE_WORDS)[c.type];

/** One line per column of every entity: name (* = required), type, aliases. */
function entityLines(ru: boolean): string[] {
  const lines: string[] = [];
  for (const e of ENTITIES) {
    lines.push('', `${e.name} — ${(ru ? ENTITY_TITLES_RU[e.name] : undefined) ?? e.title}`);
    const nameWidth = Math.max(...e.columns.map((c) => c.name.length + 1));
    const typeWidth = Math.max(...e.columns.map((c) => typeOf(c, ru).length));
    for (const c of e.columns) {
      const aliases = (c.aliases ?? []).join(', ');
      lines.push(`  ${`${c.name}${c.required ? '*' : ''}`.padEnd(nameWidth)}  ${typeOf(c, ru).padEnd(typeWidth)}  ${aliases}`.trimEnd());
      // a column of fixed values: each value and the words that mean it (as the import's message lists them)
      if (c.choices) {
        const values = choiceGroups(c.choices).map(([value, words]) => (words.length > 0 ? `${value} (${words.join(', ')})` : value));
        lines.push(`  ${''.padEnd(nameWidth)}  ${ru ? 'значения' : 'values'}: ${values.join('; ')}`);
      }
    }
  }
  return lines;
}

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
    lines.push(...entityLines(false));
    return `${lines.join('\n')}\n`;
  },
};

// the same topics in Russian (--lang ru): the same facts, line for line
const TOPICS_RU: Record<keyof typeof TOPICS, () => string> = {
  'exit-codes': () => `Коды выхода
  0  успешно
  1  непредвиденный сбой (запустите с --debug, чтобы увидеть трассировку стека)
  2  неверный вызов или неверные данные: ничего не записано
  3  отказ: база заблокирована другим пишущим, новее или старше этой версии crm
     (crm init переводит старую вперёд), только для чтения, диск заполнен, или конфликт: прошедший месяц плана,
     отмена, которой мешают более поздние операции (они названы; --cascade отменяет и их),
     удаление записи, на которую ссылаются другие (они названы; архивируйте её через edit --active false), повреждённая копия
  4  выполнено с --skip-invalid: верные строки записаны (с --dry-run: были бы записаны), часть строк
     отклонена (список в stderr; --errors FILE записывает каждую отклонённую строку)
  130, 143  прервано (Ctrl-C, SIGTERM): ничего не записано, записываемый файл остался прежним
`,
  formats: () => {
    const lines = [
      'Файлы импорта: .xlsx (первый лист, если нет --sheet), .csv или .tsv со строкой заголовков.',
      'CSV: разделитель , ; или TAB (определяется); UTF-8 с BOM или без, Windows-1251 (или KOI8-R, CP866), UTF-16 (определяется; --encoding задаёт явно);',
      'файл со смесью кодировок или обрезанный посреди символа отклоняется. xlsx: формула читается как значение, сохранённое Excel;',
      'ошибка Excel (#DIV/0!) или формула, сохранённая без значения, отклоняется и никогда не читается как пустая.',
      'Заголовок не обязан быть первой строкой: им считается первая из первых 30 строк, где названы обязательные столбцы (--header-row N задаёт явно);',
      'строки заголовка отчёта над ним, пустые строки и итоговая строка Итого/Всего/Total пропускаются. Клиент, товар или поставщик,',
      'записанный наименованием (или клиент — ИНН) вместо кода, находится по наименованию (--match code это отключает).',
      'В заголовках не важны регистр, пробелы, _ и -, и принимаются русские названия ниже (здесь они без пробелов:',
      '«Номер заказа» совпадает с номерзаказа). Неизвестные столбцы пропускаются с предупреждением.',
      'Деньги: 1234.56, 1 234,56, 1234,5 или число Excel. Даты: 2026-12-31, 31.12.2026, 31.12.26, даты Excel.',
      'Проценты: 5, 5%, 5,5. Месяцы: 2027-01, янв.27, январь 2027.',
      `Границы: деньги в пределах ±${groupThousands(String(MAX_MONEY_ROUBLES))} (точно до копейки), количества и целые числа — в пределах ±${groupThousands(String(MAX_NUMBER))}.`,
      'Планы могут быть и широкими: столбец на месяц (2027-01, янв.27 …) вместо месяца и значения.',
      '',
      'Сущности: строка на столбец — имя (* — обязательный), тип, русские названия.',
      ...entityLines(true),
    ];
    return `${lines.join('\n')}\n`;
  },
};

export const TOPIC_NAMES = Object.keys(TOPICS);

/** `crm help TOPIC`; `commands` are the names `crm help` also answers, for the suggestion. */
export function helpTopic(topic: string, commands: readonly string[] = []): string {
  if (!Object.hasOwn(TOPICS, topic)) {
    throw new UsageError(unknownName('no help topic or command', topic, [...TOPIC_NAMES, ...commands], 'topics and commands'));
  }
  return (lang() === 'ru' ? TOPICS_RU : TOPICS)[topic]!();
}
