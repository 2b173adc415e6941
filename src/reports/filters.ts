// The codes of a report's filters are checked before it runs: an unknown code is bad usage
// (exit 2), never an empty report that looks like "no sales".
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
    if (!groups) throw new UsageError(`--group ${opts.group}: no such product group (crm groups list)`);
    out.groups = groups;
  }
  for (const filter of Object.keys(WHAT) as (keyof typeof WHAT)[]) {
    const code = opts[filter];
    if (code !== undefined && !(await codeExists(db, WHAT[filter], code))) {
      throw new UsageError(`--${filter} ${code}: no such ${filter} (crm ${WHAT[filter]} list)`);
    }
  }
  if (opts.channel !== undefined) {
    const channel = await channelNamed(db, opts.channel);
    if (channel === undefined) throw new UsageError(`--channel ${opts.channel}: no such sales channel (crm export stages lists the channels and their stages)`);
    out.channel = channel;
  }
  return out;
}
