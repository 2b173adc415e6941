// Where crm may write (issue #9, SPEC §1 files written). One rule for every output —
// export/template/report/plan/list -o, import --errors: never the database (nor its -wal,
// -shm, -journal), never the file being imported, never a folder or a device, and only into
// a folder that exists and is writable. Commands call checkOutputPath at their start, before
// any work; writeAtomically checks again against the paths registered here, so a writer
// added later cannot replace the database either.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { t } from '../i18n/index.js';

interface Protected {
  file: string;
  /** What it is, for the message: the database or the file being imported. */
  what: 'database' | 'input';
  /** SQLite's companions (-wal, -shm, -journal) are the database too. */
  journal: boolean;
}

const registry: Protected[] = [];
const JOURNAL_SUFFIXES = ['-wal', '-shm', '-journal'];

const database = (file: string): Protected => ({ file, what: 'database', journal: true });
const input = (file: string): Protected => ({ file, what: 'input', journal: false });

/** The database this process opened: no output of this run may replace it. */
export function protectDatabase(file: string): void {
  if (!registry.some((p) => p.file === file)) registry.push(database(file));
}

/** The file this process imports (or revises a plan from). */
export function protectInput(file: string): void {
  if (!registry.some((p) => p.file === file)) registry.push(input(file));
}

/**
 * `file` with every symlink resolved, also when it does not exist yet (its nearest existing
 * folder is resolved). Resolved by the system, not lexically: `x/../crm.db` with `x` a link
 * to another folder is that folder's parent's crm.db, as the kernel would see it.
 */
export function realPath(file: string): string {
  const abs = path.isAbsolute(file) ? file : `${process.cwd()}${path.sep}${file}`;
  try {
    return fs.realpathSync.native(abs);
  } catch {
    const parent = path.dirname(abs);
    if (parent === abs) return abs;
    return path.join(realPath(parent), path.basename(abs));
  }
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

function lstatOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch {
    return undefined;
  }
}

/** The same file: the same resolved path, or (both existing) the same device and inode — a hard link. */
export function sameFile(a: string, b: string): boolean {
  if (realPath(a) === realPath(b)) return true;
  const sa = statOrUndefined(a);
  const sb = statOrUndefined(b);
  return sa !== undefined && sb !== undefined && sa.dev === sb.dev && sa.ino === sb.ino;
}

function refuseProtected(file: string, who: string, protect: Protected[]): void {
  for (const p of protect) {
    if (sameFile(file, p.file)) throw new UsageError(p.what === 'database' ? t('usage.isDatabase', who, p.file) : t('usage.isInput', who, p.file));
    if (!p.journal) continue;
    // SQLite names the companions after the path it was given; look next to the resolved file too
    for (const base of new Set([p.file, realPath(p.file)])) {
      for (const suffix of JOURNAL_SUFFIXES) {
        if (sameFile(file, `${base}${suffix}`)) {
          throw new UsageError(t('usage.isJournal', who, suffix, p.file));
        }
      }
    }
  }
}

/** A file that can be replaced, in a folder that exists and that this user may write to. */
function checkTarget(file: string, who: string): void {
  if (file === '-') throw new UsageError(t('files.outDash', who));
  if (/[\\/]$/.test(file)) throw new UsageError(t('files.outSlash', who));
  const link = lstatOrUndefined(file);
  if (link?.isSymbolicLink() && !statOrUndefined(file)) {
    throw new UsageError(t('files.outDanglingLink', who, fs.readlinkSync(file)));
  }
  const stat = statOrUndefined(file);
  if (stat?.isDirectory()) throw new UsageError(t('files.outFolder', who));
  if (stat && !stat.isFile()) throw new UsageError(t('files.outNotRegular', who));
  const dir = path.dirname(realPath(file));
  const dirStat = statOrUndefined(dir);
  if (!dirStat) throw new UsageError(t('files.outNoFolder', who, dir));
  if (!dirStat.isDirectory()) throw new UsageError(t('files.outNotFolder', who, dir));
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    throw new UsageError(t('files.outNotWritable', who, dir));
  }
}

export interface OutputCheck {
  /** The option that named the file (`-o`, `--errors`), for the message; none: "cannot write FILE". */
  flag?: string;
  /** The database of this command (it may not be open yet). */
  database?: string;
  /** The file this command reads. */
  input?: string;
}

/**
 * Refuse (exit 2, nothing written) an output that is the database or the input file, a
 * folder or a device, or that sits in a folder that is missing or not writable.
 */
export function checkOutputPath(file: string, check: OutputCheck = {}): void {
  const who = check.flag ? `${check.flag} ${file}` : t('usage.cannotWriteWho', file);
  if (file.trim() === '') throw new UsageError(t('usage.emptyFileName', check.flag));
  const protect = [...registry];
  if (check.database !== undefined) protect.push(database(check.database));
  if (check.input !== undefined) protect.push(input(check.input));
  refuseProtected(file, who, protect);
  checkTarget(file, who);
}

/** The formats each file extension names; an extension listed with none names no format crm writes. */
const EXTENSION_FORMATS: Record<string, string[]> = {
  '.csv': ['csv', '1c'],
  '.txt': ['csv', '1c'],
  '.xlsx': ['xlsx'],
  '.json': ['json'],
  '.html': ['html'],
  '.htm': ['html'],
  '.tsv': [],
  '.xls': [],
  '.xlsm': [],
  '.ods': [],
  '.db': [],
  '.sqlite': [],
  '.sqlite3': [],
};
const EXTENSION_OF: Record<string, string> = { csv: '.csv', '1c': '.csv', xlsx: '.xlsx', json: '.json', html: '.html' };

/**
 * `--format csv -o x.xlsx` writes CSV that Excel will not open as a workbook: refused. A file
 * without an extension, or with one that names no format (`sales.2026-11`), takes --format.
 * `given` names the option the user typed (`--json`), default `--format FORMAT`.
 */
export function checkFormatMatchesFile(format: string, file: string, flag = '-o', given = `--format ${format}`): void {
  const fits = EXTENSION_FORMATS[path.extname(file).toLowerCase()];
  if (fits === undefined || fits.includes(format)) return;
  // `given` is the option as typed: `--json` is named as such, not as the --format it stands for
  throw new UsageError(t('files.formatClash', given, flag, file, format, EXTENSION_OF[format] ?? null));
}
