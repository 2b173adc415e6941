// Every message area (src/i18n/area.ts), merged into the two catalogs by en.ts and ru.ts.
// One line per area in each list; ids are prefixed by the area's name, so they never clash.
import { db } from './db.js';
import { general } from './general.js';

export const areasEn = {
  ...general.en,
  ...db.en,
};

export const areasRu = {
  ...general.ru,
  ...db.ru,
};
