// Every message area (src/i18n/area.ts), merged into the two catalogs by en.ts and ru.ts.
// One line per area in each list; ids are prefixed by the area's name, so they never clash.
import { backups } from './backups.js';
import { changes } from './changes.js';
import { crm } from './crm.js';
import { expected } from './expected.js';
import { explain } from './explain.js';
import { db } from './db.js';
import { files } from './files.js';
import { general } from './general.js';
import { importRules } from './importRules.js';
import { master } from './master.js';
import { money } from './money.js';
import { plan } from './plan.js';
import { undo } from './undo.js';
import { readers } from './readers.js';
import { server } from './server.js';
import { usage } from './usage.js';

export const areasEn = {
  ...general.en,
  ...files.en,
  ...importRules.en,
  ...expected.en,
  ...changes.en,
  ...master.en,
  ...plan.en,
  ...explain.en,
  ...money.en,
  ...crm.en,
  ...db.en,
  ...undo.en,
  ...backups.en,
  ...server.en,
  ...readers.en,
  ...usage.en,
};

export const areasRu = {
  ...general.ru,
  ...files.ru,
  ...importRules.ru,
  ...expected.ru,
  ...changes.ru,
  ...master.ru,
  ...plan.ru,
  ...explain.ru,
  ...money.ru,
  ...crm.ru,
  ...db.ru,
  ...undo.ru,
  ...backups.ru,
  ...server.ru,
  ...readers.ru,
  ...usage.ru,
};
