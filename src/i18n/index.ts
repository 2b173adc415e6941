// `t('id', …)`: a message in the language of the run (src/i18n/lang.ts). Both catalogs are
// a few kilobytes of functions, bundled into the CLI; nothing else loads for them.
import { en, type Messages } from './en.js';
import { lang, type Lang } from './lang.js';
import { ru } from './ru.js';

export const CATALOGS: Record<Lang, Messages> = { en, ru };

export type MessageId = keyof Messages;

export function t<K extends MessageId>(id: K, ...args: Parameters<Messages[K]>): string {
  return (CATALOGS[lang()][id] as (...a: Parameters<Messages[K]>) => string)(...args);
}

export { lang, setLang, type Lang } from './lang.js';
