// Runs in every test file: the temp folders a file made go when the file is done, also
// when its tests failed (afterAll runs either way); so do its PostgreSQL scratch databases.
import { afterAll } from 'vitest';
import { removeScratchDatabases, removeTempDirs } from './helpers.js';

afterAll(async () => {
  removeTempDirs();
  await removeScratchDatabases();
}, 600_000);
