// The codes of a report's filters are checked before it runs: an unknown code is bad usage
// (exit 2), never an empty report that looks like "no sales".
import { t } from '../i18n/index.js';
import type { Db } from '../db/connection.js';
import { channelNamed } from '../db/crmQueries.js';
import { codeExists, groupWithDescendants } from '../db/reportQueries.js';
import { UsageError } from '../errors.js';
import type { ReportOptions } from './types.js';

const WHAT = { manager: 'managers', client: 'clients', supplier: 'suppliers' } as const;

export async function checkFilterCodes(db: Db, opts: ReportOptions): Promise<ReportOptions> {
  const out = { ...opts };
  if (opts.group !== undefined) {
    const groups = await groupWithDescendants(db, opts.group);
    if (!groups) throw new UsageError(t('report.noSuchGroup', opts.group));
    out.groups = groups;
  }
  for (const filter of Object.keys(WHAT) as (keyof typeof WHAT)[]) {
    const code = opts[filter];
    if (code !== undefined && !(await codeExists(db, WHAT[filter], code))) {
      throw new UsageError(t('report.noSuchCode', filter, code, WHAT[filter]));
    }
  }
  if (opts.channel !== undefined) {
    const channel = await channelNamed(db, opts.channel);
    if (channel === undefined) throw new UsageError(t('report.noSuchChannel', opts.channel));
    out.channel = channel;
  }
  return out;
}
