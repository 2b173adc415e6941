// Bundle the CLI with esbuild: one start-up chunk plus lazily loaded command chunks.
// better-sqlite3 (native), exceljs and inquirer stay external and load only when used.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts', parseWorker: 'src/import/parseWorker.ts', pgWorker: 'src/db/pg/worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: ['better-sqlite3', 'exceljs', '@inquirer/prompts'],
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins
  banner: { js: "import { createRequire as __crmRequire } from 'node:module'; const require = __crmRequire(import.meta.url);" },
  logLevel: 'warning',
});
