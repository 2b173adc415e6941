// A message area: the English and Russian words of one part of crm (a command family, the
// import's rules …) in one file, so that the two languages of a message sit side by side and
// parts can be translated independently. `defineArea` types the Russian half by the English
// one: a missing id, an extra id or different arguments fail `tsc`.
type Words = Record<string, (...args: never[]) => string>;

export interface Area<E extends Words> {
  en: E;
  ru: { [K in keyof E]: (...args: Parameters<E[K]>) => string };
}

export function defineArea<E extends Words>(en: E, ru: Area<E>['ru']): Area<E> {
  return { en, ru };
}
