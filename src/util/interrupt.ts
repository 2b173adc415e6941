// Ctrl-C, SIGTERM and SIGHUP (SPEC §1 exit codes 130, 143, 129 mean "nothing was written").
// Before a write commits, the process stops at once: its open transaction dies with it and the
// temp files being written are removed, so nothing was written is true. Once a write has
// committed, stopping would hide what was written: the command finishes (it prints what it
// did, in milliseconds) and then says it was interrupted, with its own exit code.
import fs from 'node:fs';

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Temp files being written now: removed when the process is interrupted or exits early (a closed pipe). */
const liveTemps = new Set<string>();
let committed: string | undefined;
let caught: NodeJS.Signals | undefined;

function removeLiveTemps(): void {
  for (const temp of liveTemps) fs.rmSync(temp, { force: true });
}

function onSignal(signal: NodeJS.Signals): void {
  if (committed !== undefined) {
    caught ??= signal;
    return;
  }
  removeLiveTemps();
  fs.writeSync(2, `crm: interrupted (${signal}): nothing was written, an existing file is unchanged\n`);
  process.exit(SIGNAL_EXIT[signal] ?? 1);
}

/**
 * A signal noticed while the main thread was blocked (a PostgreSQL statement under way,
 * src/db/pg/connection.ts): the same as the handler, which cannot run until then.
 */
export function stopInterrupted(signal: NodeJS.Signals): void {
  onSignal(signal);
}

/** Take over the signals for the whole run (bin/crm does, once). */
export function guardInterrupts(): void {
  for (const signal of Object.keys(SIGNAL_EXIT)) process.on(signal, onSignal);
  process.on('exit', removeLiveTemps);
}

/** Remove `temps` if the process is interrupted or exits while they are live; call the returned function once they are in place or gone. */
export function removedOnInterrupt(...temps: string[]): () => void {
  for (const temp of temps) liveTemps.add(temp);
  return () => {
    for (const temp of temps) liveTemps.delete(temp);
  };
}

/** A write has committed (`what`: `operation 42`): from now on a signal lets the command finish. */
export function markCommitted(what: string): void {
  committed = what;
}

/** The line to print at the end when a signal came after the commit, or undefined. */
export function interruptedAfterCommit(): string | undefined {
  return caught === undefined ? undefined : `crm: interrupted (${caught}) after ${committed} was committed: it stands as printed above`;
}
