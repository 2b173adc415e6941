// A vitest reporter: each test with the backend it ran on, for .ci/summary.mjs. vitest's JSON
// report names the file but not the project, and the files of PG_E2E_FILES (vitest.config.ts)
// run in both projects: `sqlite` and `postgres`. Output: .ci/backends.json.
import fs from 'node:fs';
import path from 'node:path';

export default class Backends {
  onTestRunEnd(testModules) {
    const tests = [];
    for (const m of testModules) {
      const file = path.basename(m.moduleId);
      // the PostgreSQL tests of test/pg*.test.ts run in the sqlite project, on servers of their own
      const backend = m.project.name === 'postgres' || /^pg.*\.test\.ts$/.test(file) ? 'postgres' : 'sqlite';
      for (const t of m.children.allTests()) tests.push({ file, backend, state: t.result().state });
    }
    fs.writeFileSync(path.join(import.meta.dirname, 'backends.json'), JSON.stringify(tests));
  }
}
