import os from 'node:os';
import type { Writable } from 'node:stream';
import { redactPasswords } from './util/redact.js';

/**
 * Everything a command needs from the outside world, resolved once by the command
 * layer (gh's IOStreams pattern). Tests build one with the TTY flags they want.
 */
export interface Ctx {
  dbPath: string;
  stdout: Writable;
  stderr: Writable;
  /** stdout and stdin are terminals: prompts allowed (unless `yes`). */
  interactive: boolean;
  /** stderr is a terminal: progress bars allowed. */
  stderrTTY: boolean;
  color: boolean;
  /** `--yes`: never prompt. */
  yes: boolean;
  verbose: boolean;
  user: string;
  /** "today" for this run (`--as-of`), YYYY-MM-DD. */
  asOf: string;
  /** The wall clock, for timestamps of operations and plan versions. */
  now: () => Date;
  /** The command line as typed (the history keeps it with each operation). */
  argv: string;
}

/** `crm import clients "Новые клиенты.csv"`: arguments quoted where the shell would need it. */
export function commandLine(args: string[]): string {
  // the history keeps the command line: never a password of a --db postgres://USER:PASSWORD@… URL
  const withoutPasswords = args.map(redactPasswords);
  return ['crm', ...withoutPasswords.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))].join(' ');
}

export function todayIso(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/**
 * "Today" for the rules of a write that refuse dates after today (a delivery, a payout, the
 * originals): `--as-of`, but never after the real day — a future `--as-of` may look ahead in a
 * report, it may not record as done what has not happened yet.
 */
export function writeToday(ctx: Pick<Ctx, 'asOf' | 'now'>): string {
  const real = todayIso(ctx.now());
  return ctx.asOf < real ? ctx.asOf : real;
}

export function currentUser(): string {
  if (process.env.CRM_USER) return process.env.CRM_USER;
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

export function resolveDbPath(option: string | undefined): string {
  // An empty $CRM_DB counts as unset, as shells leave it after `CRM_DB= crm …`.
  return option ?? (process.env.CRM_DB || 'crm.db');
}

/** Write a line to stderr. Messages go to stderr, data to stdout (SPEC §1). */
export function say(ctx: Pick<Ctx, 'stderr'>, line: string): void {
  ctx.stderr.write(`${line}\n`);
}
