/** `1 problem`, `2 problems`; irregular plurals passed in (`1 entry`, `3 entries`). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

let russianRules: Intl.PluralRules | undefined;

/**
 * Russian counted nouns take three forms (CLDR's one, few, many): 1 строка, 21 строка;
 * 2 строки, 22 строки; 5 строк, 11 строк, 25 строк. The number is grouped as Russian
 * text is (a no-break space: 1 234 строки).
 */
export function pluralRu(n: number, one: string, few: string, many: string): string {
  russianRules ??= new Intl.PluralRules('ru');
  const form = Number.isInteger(n) ? russianRules.select(n) : 'other';
  const noun = form === 'one' ? one : form === 'few' ? few : form === 'many' ? many : few;
  return `${intRu(n)} ${noun}`;
}

/** `1234567` → `1 234 567` with no-break spaces (U+00A0), as Excel and 1C group Russian numbers. */
export function intRu(n: number): string {
  return String(n).replace('.', ',').replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
}

/** One of a plural name: `clients` → `client`, `deliveries` → `delivery`, `commission-payments` → `commission-payment`. */
export function singular(name: string): string {
  return name.replace(/ies$/, 'y').replace(/s$/, '');
}
