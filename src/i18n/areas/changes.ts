// The words of a change set (src/commands/changeSet.ts): the counts per table keep their symbols
// (`clients +2 ~1, orders −3`, table names as stored); what is said around them is in words.
import { plural, pluralRu } from '../../util/plural.js';
import { defineArea } from '../area.js';

/** What an empty change set says: an undo (`nothing to change`), the history (`no rows`), a dry run (`nothing`). */
export type NoChange = 'change' | 'rows' | 'nothing';

/** `shipment lines` → `shipment line` (the table's words, as the English has always shown them). */
const tableWords = (table: string) => table.replace(/_/g, ' ');

export const changes = defineArea(
  {
    'changes.none': (kind: NoChange) => (kind === 'change' ? 'nothing to change' : kind === 'rows' ? 'no rows' : 'nothing'),
    'changes.noJournal': () => '(no journal)',
    'changes.undoneBy': (op: number) => `undone by ${op}`,
    'changes.undoes': (op: number) => `undoes ${op}`,
    'changes.everyRowReplaced': () => 'every row replaced',
    'changes.wouldChange': (counts: string) => `would change: ${counts}`,
    'changes.moreRows': (n: number) => `… and ${plural(n, 'more row')}`,
    'changes.childrenBefore': (table: string, n: number) => `${plural(n, tableWords(table).replace(/s$/, ''), tableWords(table))} before`,
    'changes.deletedWith': (row: string, children: string) => `${row} (with ${children})`,
    'changes.linesReplaced': (children: string) => (children ? `lines replaced (${children})` : 'lines replaced'),
  },
  {
    'changes.none': (kind) => (kind === 'change' ? 'менять нечего' : kind === 'rows' ? 'нет строк' : 'ничего'),
    'changes.noJournal': () => '(нет журнала)',
    'changes.undoneBy': (op) => `отменена операцией ${op}`,
    'changes.undoes': (op) => `отменяет ${op}`,
    'changes.everyRowReplaced': () => 'заменены все строки',
    'changes.wouldChange': (counts) => `изменилось бы: ${counts}`,
    'changes.moreRows': (n) => `… и ещё ${pluralRu(n, 'строка', 'строки', 'строк')}`,
    'changes.childrenBefore': (table, n) => `${tableWords(table)}: было ${pluralRu(n, 'строка', 'строки', 'строк')}`,
    'changes.deletedWith': (row, children) => `${row} (вместе с: ${children})`,
    'changes.linesReplaced': (children) => (children ? `строки заменены (${children})` : 'строки заменены'),
  },
);
