// Runs in every test file: the temp folders a file made go when the file is done, also
// when its tests failed (afterAll runs either way).
import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers.js';

afterAll(() => removeTempDirs());
