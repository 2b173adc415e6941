// `crm db …`: maintenance of the database file itself.
import { say, type Ctx } from '../context.js';
import { CrmError } from '../errors.js';
import { withDb } from '../db/connection.js';
import { rebuildSummaries } from '../db/salesSummary.js';
import { plural } from '../util/plural.js';

export async function runRebuildSummaries(opts: { check: boolean; json: boolean }, ctx: Ctx): Promise<void> {
  const result = await withDb(ctx.dbPath, opts.check ? 'preview' : 'write', async (db) => rebuildSummaries(db, opts.check));
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify({ checked: opts.check, group_rows: result.groupRows, client_rows: result.clientRows, differed: result.differed })}\n`);
  } else {
    const what = opts.check ? 'checked' : 'rebuilt';
    const drift = result.differed === 0 ? 'they matched the shipments' : `${plural(result.differed, 'row')} ${opts.check ? (result.differed === 1 ? 'differs' : 'differ') : 'differed'} from the shipments`;
    say(ctx, `sales summaries ${what}: ${result.groupRows} month × group rows, ${result.clientRows} month × client rows; ${drift}`);
  }
  if (opts.check && result.differed > 0) throw new CrmError('the sales summaries differ from the shipments: run "crm db rebuild-summaries" to repair them');
}
