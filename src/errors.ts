// Errors are data until the edge: bin/crm (src/cli.ts `main`) is the one place that
// turns them into messages and exit codes (SPEC §1 exit codes).
import { t } from './i18n/index.js';

/** One problem with one cell of an input file (or one option value). */
export interface Problem {
  file?: string;
  sheet?: string;
  row?: number;
  column?: string;
  value?: unknown;
  message: string;
}

/**
 * 0 ok; 1 unexpected failure; 2 bad usage or invalid input, nothing written; 3 refused
 * (locked, newer database, conflict, permissions); 4 done with --skip-invalid: the valid
 * rows were written and some rows were rejected; 130 interrupted (Ctrl-C), nothing written.
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, refused: 3, partial: 4, interrupted: 130 } as const;

export class CrmError extends Error {
  readonly exitCode: number = EXIT.failure;
}

/** Bad usage: a missing or malformed option. Exit 2, nothing written. */
export class UsageError extends CrmError {
  override readonly exitCode = EXIT.usage;
}

/** Invalid input: every problem found, not only the first. Exit 2, nothing written. */
export class ValidationError extends CrmError {
  override readonly exitCode = EXIT.usage;
  constructor(
    readonly problems: Problem[],
    summary?: string,
    /** Problems counted but not kept (a file with a million bad rows). */
    readonly more = 0,
  ) {
    super(summary ?? t('problem.found', problems.length));
  }
}

/** Refused: a lock held too long, a newer database, a conflict. Exit 3. */
export class RefusedError extends CrmError {
  override readonly exitCode = EXIT.refused;
}

function showValue(value: unknown): string {
  if (value === undefined) return '';
  if (value instanceof Date) return ` "${value.toISOString().slice(0, 10)}"`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return ` "${text.length > 60 ? `${text.slice(0, 57)}...` : text}"`;
}

/** `orders.csv, sheet Лист1, row 14, column qty: "-3": expected a number greater than 0` */
export function formatProblem(p: Problem): string {
  const where = [
    p.file,
    p.sheet !== undefined ? t('problem.sheet', p.sheet) : undefined,
    p.row !== undefined ? t('problem.row', p.row) : undefined,
    p.column !== undefined ? (p.column.startsWith('--') ? p.column : t('problem.column', p.column)) : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return `${where}${showValue(p.value)}${where ? ': ' : ''}${p.message}`;
}
