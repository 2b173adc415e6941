// Words of `crm db …` and `crm users …` and of the database itself (a server's edges:
// hidden columns, versions, previews), English and Russian side by side.
import { defineArea } from '../area.js';

export const db = defineArea(
  {
    'db.columnsHidden': (columns: string[]) => `not shown: ${columns.join(', ')} (your role may not read them)`,
  },
  {
    'db.columnsHidden': (columns: string[]) => `не показаны: ${columns.join(', ')} (вашей роли они недоступны)`,
  },
);
