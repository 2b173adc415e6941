// Writing files atomically (temp file, then rename) and formula-safe CSV cells (SPEC §1).
import fs from 'node:fs';
import path from 'node:path';
import { RefusedError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { removedOnInterrupt } from '../util/interrupt.js';
import { checkOutputPath, realPath } from './outputPath.js';

// OWASP (CSV injection): = + - @ start a formula; TAB and CR too, as spreadsheets drop them.
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[-+]?\d[\d\s\u00a0.,]*$/;

/**
 * CSV: a text cell that Excel would run as a formula gets a leading `'` (import strips it
 * again). A plain signed number such as `-3` is no formula and stays as it is.
 */
export function csvSafe<T>(cell: T): T | string {
  return typeof cell === 'string' && FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

export { removedOnInterrupt } from '../util/interrupt.js';

/** The new file gets the owner and permission bits of the one it replaces (a 600 file stays 600). */
function keepAttributes(temp: string, old: fs.Stats | undefined): void {
  if (!old) return;
  try {
    fs.chownSync(temp, old.uid, old.gid); // only root or the owner may; otherwise the writer owns it, as with any new file
  } catch {
    // not allowed: keep the writer as owner
  }
  fs.chmodSync(temp, old.mode & 0o7777);
}

function diskError(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new RefusedError(t('files.diskFullFile', file));
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new UsageError(t('usage.writeDenied', file, code === 'EROFS'));
  return error;
}

/** `writeAtomically(…, { replace: false })` found a file of that name already there (made meanwhile by someone else). */
export class TargetExistsError extends UsageError {
  constructor(readonly file: string) {
    super(`${file} exists: it was not replaced`);
  }
}

/**
 * Write to a temp file next to `file`, then rename over it: readers never see half a file.
 * The output rules (outputPath.ts) are checked first. A symlink is written through (the link
 * stays, its file is replaced). Interrupted by Ctrl-C or SIGTERM, the temp file is removed
 * and the process exits 130 / 143, leaving the old file as it was. With `replace: false` the
 * file is linked into place only if no file of that name exists at that moment (two processes
 * writing the same new name: one wins, the other gets TargetExistsError).
 */
export async function writeAtomically(file: string, write: (tempFile: string) => Promise<void>, options: { replace?: boolean } = {}): Promise<void> {
  checkOutputPath(file);
  const target = realPath(file);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  const old = fs.existsSync(target) ? fs.statSync(target) : undefined;
  const release = removedOnInterrupt(temp);
  try {
    await write(temp);
    if (options.replace === false) {
      linkNew(temp, target, file);
    } else {
      keepAttributes(temp, old);
      fs.renameSync(temp, target);
    }
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw diskError(error, file);
  } finally {
    release();
  }
}

function linkNew(temp: string, target: string, shown: string): void {
  try {
    fs.linkSync(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new TargetExistsError(shown);
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(code ?? '')) throw error;
    // a file system without hard links: check, then rename (a narrow race instead of none)
    if (fs.existsSync(target)) throw new TargetExistsError(shown);
    fs.renameSync(temp, target);
    return;
  }
  fs.rmSync(temp);
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
