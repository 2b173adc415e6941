// The language of everything crm says to people (SPEC §10): report words, messages, errors.
// Chosen once at the edge (src/cli.ts main) from --lang, else CRM_LANG, else the locale
// (LC_ALL, LC_MESSAGES, LANG: `ru_*` → Russian), and read wherever words are made. JSON,
// CSV headers (unless --headers ru) and the database never depend on it.
export type Lang = 'ru' | 'en';
export const LANGS: readonly Lang[] = ['ru', 'en'];

let current: Lang | undefined;

export const isLang = (value: string): value is Lang => (LANGS as readonly string[]).includes(value);

/**
 * The language of this run: what main() chose; in a parse worker (a module instance of its
 * own) the CRM_LANG main() left in the environment; else English (tests calling commands directly).
 */
export function lang(): Lang {
  if (current === undefined) {
    const inherited = process.env.CRM_LANG;
    current = inherited !== undefined && isLang(inherited) ? inherited : 'en';
  }
  return current;
}

export function setLang(value: Lang): void {
  current = value;
  // a parse worker (src/import/parseWorker.ts) is a fresh module instance: it reads the environment
  process.env.CRM_LANG = value;
}

/** The locale's language: the first of LC_ALL, LC_MESSAGES, LANG that is set (POSIX order); `ru*` → ru. */
export function localeLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  return locale !== undefined && /^ru([_.@-]|$)/i.test(locale) ? 'ru' : 'en';
}

/**
 * --lang (from the command line), else CRM_LANG, else the locale. An unknown value is
 * returned as `bad` for the caller to refuse (exit 2) in the language it would otherwise speak.
 */
export function chooseLang(option: string | undefined, env: NodeJS.ProcessEnv = process.env): { lang: Lang; bad?: { source: string; value: string } } {
  const fallback = localeLang(env);
  const fromEnv = env.CRM_LANG !== undefined && env.CRM_LANG !== '' ? env.CRM_LANG : undefined;
  if (fromEnv !== undefined && !isLang(fromEnv)) return { lang: fallback, bad: { source: 'CRM_LANG', value: fromEnv } };
  const base = fromEnv ?? fallback;
  if (option !== undefined && !isLang(option)) return { lang: base, bad: { source: '--lang', value: option } };
  return { lang: option ?? base };
}

/** `--lang ru` or `--lang=ru` anywhere on the command line (read before commander parses it, so its errors speak it too). */
export function langOption(args: string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a === '--lang') found = args[i + 1] ?? '';
    else if (a.startsWith('--lang=')) found = a.slice('--lang='.length);
  }
  return found;
}
