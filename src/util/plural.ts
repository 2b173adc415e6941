/** `1 problem`, `2 problems`; irregular plurals passed in (`1 entry`, `3 entries`). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** One of a plural name: `clients` → `client`, `deliveries` → `delivery`, `commission-payments` → `commission-payment`. */
export function singular(name: string): string {
  return name.replace(/ies$/, 'y').replace(/s$/, '');
}
