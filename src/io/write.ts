// Writing files atomically (temp file, then rename) and formula-safe CSV cells (SPEC §1).
import fs from 'node:fs';
import path from 'node:path';
import { RefusedError, UsageError } from '../errors.js';

const FORMULA_START = /^[=+\-@]/;
const PLAIN_NUMBER = /^[-+]?\d[\d\s\u00a0.,]*$/;

/**
 * CSV: a text cell that Excel would run as a formula gets a leading `'` (import strips it
 * again). A plain signed number such as `-3` is no formula and stays as it is.
 */
export function csvSafe<T>(cell: T): T | string {
  return typeof cell === 'string' && FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

/** Write to a temp file next to `file`, then rename over it: readers never see half a file. */
export async function writeAtomically(file: string, write: (tempFile: string) => Promise<void>): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new UsageError(`cannot write ${file}: folder ${dir} does not exist`);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await write(temp);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC') throw new RefusedError(`disk full while writing ${file}: nothing was written`);
    throw error;
  }
}

/** A stream to a temp file that becomes `file` on close; writes wait for the disk (drain). */
export async function writeStreamAtomically(
  file: string,
  produce: (write: (chunk: string | Buffer) => Promise<void>) => Promise<void>,
): Promise<void> {
  await writeAtomically(file, async (temp) => {
    const out = fs.createWriteStream(temp);
    const failed = new Promise<never>((_, reject) => out.on('error', reject));
    const write = (chunk: string | Buffer) =>
      out.write(chunk) ? Promise.resolve() : Promise.race([new Promise<void>((r) => out.once('drain', () => r())), failed]);
    await produce(write);
    // 'finish', not end()'s callback: that one is also called after an error (ENOSPC), which would rename a cut file into place
    await Promise.race([new Promise<void>((resolve) => out.end().once('finish', () => resolve())), failed]);
  });
}
