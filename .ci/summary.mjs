// How many tests ran on each backend (.ci/backends.json of the reporter .ci/backends.mjs): the
// PostgreSQL side is test/pg*.test.ts plus vitest's `postgres` project (the end-to-end files
// of PG_E2E_FILES run a second time on scratch databases); both are skipped when no server
// was reachable. Everything else runs on SQLite.
import fs from 'node:fs';

const tests = JSON.parse(fs.readFileSync(process.argv[2] ?? new URL('backends.json', import.meta.url), 'utf8'));
const count = { sqlite: { passed: 0, skipped: 0, failed: 0, files: new Set() }, postgres: { passed: 0, skipped: 0, failed: 0, files: new Set() } };
for (const t of tests) {
  const status = t.state === 'passed' ? 'passed' : t.state === 'failed' ? 'failed' : 'skipped';
  count[t.backend][status]++;
  if (status !== 'skipped') count[t.backend].files.add(t.file);
}
for (const [side, c] of Object.entries(count)) {
  console.log(`${side === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped (${c.files.size} files)`);
}
if (count.sqlite.failed + count.postgres.failed > 0) process.exitCode = 1;
