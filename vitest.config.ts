import pg from 'pg';
import { defineConfig } from 'vitest/config';
import { clientConfig } from './src/db/pg/config.js';

/**
 * The end-to-end files that run a second time on PostgreSQL (vitest project `postgres`,
 * CRM_TEST_BACKEND=postgres: test/helpers.ts gives them scratch databases on $CRM_TEST_PG).
 * Which files and why the others stay SQLite-only: docs/testing.md.
 */
export const PG_E2E_FILES = [
  'test/reports.test.ts',
  'test/crm.test.ts',
  'test/master.test.ts',
  'test/planRun.test.ts',
  'test/import.test.ts',
  'test/money.test.ts',
  'test/export.test.ts',
  'test/importKeep.test.ts',
  'test/undoIntegrity.test.ts',
  'test/reportsSecondLook.test.ts',
  'test/partyDuplicates.test.ts',
  'test/crmFindings.test.ts',
  'test/crmFindings3.test.ts',
  'test/moneyFindings2.test.ts',
  'test/importBadInput.test.ts',
  'test/reportPicturesMisuse.test.ts',
  'test/managerPlan.test.ts',
  'test/reportFilters.test.ts',
  'test/crmReports.test.ts',
  'test/moneyFindings.test.ts',
  'test/orderProgress.test.ts',
  'test/reportPictures.test.ts',
  'test/crmFunnelFast.test.ts',
  'test/undoCascadeRedo.test.ts',
  'test/asOfViews.test.ts',
];

/** `CRM_TEST_PG_FILES=test/a.test.ts,test/b.test.ts`: try other files on PostgreSQL. */
const PG_FILES = process.env.CRM_TEST_PG_FILES?.split(',') ?? PG_E2E_FILES;

const PG_URL = process.env.CRM_TEST_PG ?? 'postgres:///postgres';

/** Why there is no PostgreSQL server for the tests, or undefined when there is one. */
async function unreachable(): Promise<string | undefined> {
  const client = new pg.Client({ ...clientConfig(PG_URL), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Once per vitest process: a project that extends this config evaluates it again. */
const probe = ((globalThis as { crmPgProbe?: Promise<string | undefined> }).crmPgProbe ??= unreachable().then((why) => {
  if (why !== undefined) console.log(`PostgreSQL end-to-end run skipped: no server at ${PG_URL} (${why}); set CRM_TEST_PG or start one`);
  return why;
}));

export default defineConfig(async () => {
  const why = await probe;
  const common = { extends: true as const };
  return {
    test: {
      setupFiles: ['test/setup.ts'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
      pool: 'forks',
      projects: [
        // (include per project: with extends, a project's include would add to the root's)
        { ...common, test: { name: 'sqlite', include: ['test/**/*.test.ts'] } },
        ...(why === undefined ? [{
              ...common,
              // every statement a round trip to the server: export's round trip of the demo takes about a minute on a busy machine
              test: { name: 'postgres', include: PG_FILES, env: { CRM_TEST_BACKEND: 'postgres' }, testTimeout: 180_000, hookTimeout: 300_000 },
            },] : []),
      ],
    },
  };
});
