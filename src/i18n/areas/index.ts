// Every message area (src/i18n/area.ts), merged into the two catalogs by en.ts and ru.ts.
// One line per area in each list; ids are prefixed by the area's name, so they never clash.
import { crm } from './crm.js';
import { general } from './general.js';
import { money } from './money.js';

export const areasEn = {
  ...general.en,
  ...money.en,
  ...crm.en,
};

export const areasRu = {
  ...general.ru,
  ...money.ru,
  ...crm.ru,
};
