// How many tests ran on each backend: the PostgreSQL suite is test/pg*.test.ts (skipped
// when no server was reachable), everything else runs on SQLite.
import fs from 'node:fs';
import path from 'node:path';

const report = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const count = { sqlite: { passed: 0, skipped: 0, failed: 0 }, postgres: { passed: 0, skipped: 0, failed: 0 } };
for (const file of report.testResults) {
  const side = /^pg.*\.test\.ts$/.test(path.basename(file.name)) ? 'postgres' : 'sqlite';
  for (const t of file.assertionResults) {
    const status = t.status === 'passed' ? 'passed' : t.status === 'failed' ? 'failed' : 'skipped';
    count[side][status]++;
  }
}
for (const [side, c] of Object.entries(count)) console.log(`${side === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
