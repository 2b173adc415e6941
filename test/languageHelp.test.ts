// SPEC §10, issue 15: the help of every command in Russian under --lang ru. The command tree
// is walked as commander built it (src/cli.ts programOfRun, what main() parses with), each
// command's help written as `crm PATH --help` writes it, in both languages: every Russian
// description (of the command, its arguments, its options) has Russian words where the English
// one has words, the same commands, arguments and options are shown in both, and the English
// help keeps its words. A few commands are also run for real; `crm help formats|exit-codes` too.
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { setLang } from '../src/i18n/lang.js';
import { ENTITIES } from '../src/model/entities.js';
import { crm } from './helpers.js';

const CYRILLIC = /[а-яё]/i;

interface Item {
  term: string;
  description: string;
}
interface HelpPage {
  text: string;
  description: string;
  sections: Map<string, Item[]>;
}

/** The help of `cmd` as `--help` prints it on an 80-column pipe (the text after it included). */
function helpText(cmd: Command): string {
  let text = '';
  cmd.configureOutput({ writeOut: (s) => (text += s), getOutHelpWidth: () => 80, getOutHasColors: () => false });
  cmd.outputHelp();
  return text;
}

const HEADINGS = ['Параметры:', 'Аргументы:', 'Команды:', 'Options:', 'Arguments:', 'Commands:'];

/** commander's help: the description (after the usage line), and each section's items with their wrapped descriptions joined. */
function parseHelp(text: string): HelpPage {
  const lines = text.split('\n');
  const blank = lines.indexOf('');
  const end = lines.indexOf('', blank + 1);
  const first = lines[blank + 1] ?? '';
  const description = HEADINGS.includes(first) ? '' : lines.slice(blank + 1, end).join(' ');
  const sections = new Map<string, Item[]>();
  let items: Item[] | undefined;
  for (const line of lines) {
    if (HEADINGS.includes(line)) sections.set(line.replace(/:$/, ''), (items = []));
    else if (line === '') items = undefined;
    else if (items && /^ {2}\S/.test(line)) {
      const m = line.match(/^ {2}(\S(?:\S| (?! ))*)(?: {2,}(.*))?$/)!;
      items.push({ term: m[1]!, description: m[2] ?? '' });
    } else if (items && items.length > 0) items[items.length - 1]!.description += ` ${line.trim()}`;
  }
  return { text, description, sections };
}

const RU_SECTIONS: Record<string, string> = { Options: 'Параметры', Arguments: 'Аргументы', Commands: 'Команды' };

interface Page {
  path: string[];
  ru: HelpPage;
  en: HelpPage;
}
const pages: Page[] = [];

/** Every command of the tree, with its path. */
function commandsOf(cmd: Command, path: string[] = []): [string[], Command][] {
  return [[path, cmd], ...cmd.commands.flatMap((sub) => commandsOf(sub, [...path, sub.name()]))];
}

beforeAll(async () => {
  // importing src/cli.ts runs its main() on process.argv: as `crm --version` it only prints the version
  const argv = process.argv;
  process.argv = [process.execPath, 'crm', '--version'];
  const { programOfRun } = await import('../src/cli.js');
  process.argv = argv;
  const trees = {} as Record<'ru' | 'en', [string[], Command][]>;
  for (const lang of ['ru', 'en'] as const) {
    setLang(lang);
    trees[lang] = commandsOf(await programOfRun());
  }
  setLang('en');
  trees.en.forEach(([path, en], i) => {
    const [ruPath, ru] = trees.ru[i]!;
    expect(ruPath).toEqual(path);
    pages.push({ path, ru: parseHelp(helpText(ru)), en: parseHelp(helpText(en)) });
  });
});

describe('crm … --help --lang ru: every command, every option', () => {
  it('walks the whole tree: the top, the entity commands, plan, reports, users', () => {
    const paths = pages.map((p) => p.path.join(' '));
    for (const path of ['', 'import', 'clients', 'clients add', 'deals move', 'plan run', 'db copy', 'report list', 'report plan-fact', 'users explain', 'offer evaluate', 'help']) {
      expect(paths).toContain(path);
    }
    expect(pages.length).toBeGreaterThan(100);
  });

  it('crm itself: --lang ru --help of the top, a command and a subcommand in Russian, English without --lang', () => {
    for (const path of [[], ['import'], ['clients', 'add'], ['deals', 'move'], ['plan', 'run']]) {
      const r = crm([...path, '--lang', 'ru', '--help']);
      expect(r.code).toBe(0);
      const page = pages.find((p) => p.path.join(' ') === path.join(' '))!;
      expect(r.stdout, path.join(' ')).toBe(page.ru.text);
      expect(crm([...path, '--help']).stdout, path.join(' ')).toBe(page.en.text);
    }
    expect(crm(['help', 'import', '--lang', 'ru']).stdout).toContain('импорт файла .xlsx, .csv или .tsv');
    // a command group without its subcommand: commander shows the group's help
    const group = crm(['--lang', 'ru', 'db']);
    expect(group.stdout + group.stderr).toContain('rebuild-summaries [options]  пересчитать месячные итоги продаж');
  });

  it('Russian words in the description of every command, argument and option (flags and placeholders aside)', () => {
    const english: string[] = [];
    for (const { path, ru, en } of pages) {
      const where = `crm ${path.join(' ')}`.trim();
      if (en.description !== '' && !CYRILLIC.test(ru.description)) english.push(`${where}: ${ru.description}`);
      for (const [section, enItems] of en.sections) {
        const ruItems = ru.sections.get(RU_SECTIONS[section]!) ?? [];
        enItems.forEach((item, i) => {
          const words = ruItems[i]?.description ?? '(missing)';
          if (item.description !== '' && !CYRILLIC.test(words)) english.push(`${where} ${item.term}: ${words}`);
        });
      }
    }
    expect(english).toEqual([]);
  });

  it('the same commands, arguments and options in both languages; headings and commander’s words in Russian', () => {
    for (const { path, ru, en } of pages) {
      const where = `crm ${path.join(' ')}`.trim();
      for (const [section, enItems] of en.sections) {
        expect(ru.sections.get(RU_SECTIONS[section]!)?.map((i) => i.term), `${where} ${section}`).toEqual(enItems.map((i) => i.term));
      }
      expect(ru.text, where).toMatch(/^Вызов: crm/);
      expect(ru.text, where).not.toMatch(/^(Usage|Options|Arguments|Commands):|\(default: |display help for command/m);
    }
  });

  it('the text after the help is Russian where the English one has some', () => {
    const page = (path: string) => pages.find((p) => p.path.join(' ') === path)!.ru.text;
    expect(page('')).toContain('-V, --version  версия crm');
    expect(page('')).not.toContain('print the version');
    expect(page('deals move')).toContain('Примеры:');
    expect(page('deals add')).toContain('crm deals move');
    expect(page('deals add')).not.toContain('A new deal');
    expect(page('backup')).toContain('Каждую ночь из cron');
    expect(page('restore')).toContain('Одна транзакция');
    expect(page('offer evaluate')).toContain('Предупреждения: цена ниже себестоимости');
    expect(page('plan run')).toContain('(по умолчанию: "12")');
  });

  it('English help keeps its words', () => {
    const page = (path: string) => pages.find((p) => p.path.join(' ') === path)!.en.text;
    expect(page('')).toContain('CRM toolkit and batch planning engine for wholesale and distribution companies');
    expect(page('')).toContain('print the version of crm');
    expect(page('import')).toMatch(/--skip-invalid +write the valid rows and report the rest/);
    expect(page('db')).toMatch(/help \[command\] +display help for command/);
    expect(page('clients add')).toMatch(/--code <value> +client code \(required\)/);
    expect(page('clients edit')).toContain('"" clears it');
    expect(page('plan run')).toContain('(default: "12")');
    expect(page('deals move')).toContain('Examples:');
    for (const { path, en } of pages) expect(en.text, `crm ${path.join(' ')}`).toMatch(/^Usage: crm/);
  });
});

describe('crm help formats | exit-codes --lang ru', () => {
  it('formats: every entity with its Russian title, the types in Russian, the aliases as before', () => {
    const r = crm(['help', 'formats', '--lang', 'ru']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Файлы импорта: .xlsx');
    expect(r.stdout).toContain('Сущности: строка на столбец');
    for (const e of ENTITIES) expect(r.stdout).toMatch(new RegExp(`^${e.name} — [А-ЯЁ][а-яё]`, 'm'));
    expect(r.stdout).toMatch(/^ {2}code\* +текст +код, кодклиента/m);
    expect(r.stdout).toMatch(/^ {2}manager_code +код \(managers\) +менеджер/m);
    expect(r.stdout).toMatch(/^ {2}deferral_days +целое +отсрочка/m);
    expect(r.stdout).not.toMatch(/\b(text|money|whole number|yes\/no)\b/);
    // every English line has a Russian one: the same entities and columns, line for line
    const en = crm(['help', 'formats']).stdout;
    expect(r.stdout.split('\n').length).toBe(en.split('\n').length);
    expect(en).toContain('managers — Managers');
    expect(en).toMatch(/^ {2}code\* +text +код, кодклиента/m);
  });

  it('exit-codes: every code explained in Russian', () => {
    const r = crm(['help', 'exit-codes', '--lang', 'ru']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Коды выхода/);
    for (const code of ['0', '1', '2', '3', '4', '130, 143']) expect(r.stdout).toMatch(new RegExp(`^ {2}${code} +[а-яё]`, 'm'));
    expect(crm(['help', 'exit-codes']).stdout).toMatch(/^Exit codes\n {2}0 {2}ok/);
  });
});
