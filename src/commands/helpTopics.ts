import { UsageError } from '../errors.js';
import { ENTITIES } from '../import/entities.js';
import { groupThousands, MAX_MONEY_ROUBLES, MAX_NUMBER } from '../io/locale.js';

const TOPICS: Record<string, () => string> = {
  'exit-codes': () => `Exit codes
  0  ok
  1  unexpected failure (run with --debug for the stack trace)
  2  bad usage or invalid input: nothing was written
  3  refused: the database is locked by another writer, is newer than this crm, or a conflict
`,
  formats: () => {
    const lines = [
      'Import files: .xlsx (first sheet unless --sheet), .csv or .tsv with a header row.',
      'CSV: delimiter , ; or TAB (sniffed); UTF-8 with or without BOM, Windows-1251, UTF-16 with BOM (detected; --encoding overrides); a file mixing encodings is refused.',
      'Headers ignore case, spaces, _ and -, and accept Russian aliases. Unknown columns are ignored with a warning.',
      'Money: 1234.56, 1 234,56, 1234,5 or an Excel number. Dates: 2026-12-31, 31.12.2026, 31.12.26, Excel dates.',
      'Percents: 5, 5%, 5,5. Months: 2027-01, янв.27, январь 2027.',
      `Bounds: money within ±${groupThousands(String(MAX_MONEY_ROUBLES))} (exact to the kopeck), quantities and whole numbers within ±${groupThousands(String(MAX_NUMBER))}.`,
      '',
      'Entities (* = required):',
    ];
    for (const e of ENTITIES) {
      lines.push(`  ${e.name.padEnd(18)} ${e.columns.map((c) => `${c.name}${c.required ? '*' : ''}`).join(', ')}`);
    }
    return `${lines.join('\n')}\n`;
  },
};

export function helpTopic(topic: string): string {
  const render = TOPICS[topic];
  if (!render) throw new UsageError(`no help topic or command "${topic}"; topics: ${Object.keys(TOPICS).join(', ')}`);
  return render();
}
