// Progress bars on stderr, only on a terminal (SPEC §1 output).
import cliProgress from 'cli-progress';
import type { Ctx } from '../context.js';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

export function startProgress(ctx: Pick<Ctx, 'stderr' | 'stderrTTY'>, label: string, total: number): Progress {
  if (!ctx.stderrTTY || total <= 0) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream: ctx.stderr as NodeJS.WriteStream,
      format: `${label} [{bar}] {percentage}% | {eta_formatted} left`,
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  let last = 0;
  return {
    update(done) {
      // redraw at most every 1/2 % so a million rows do not cost a million redraws
      if (done - last >= total / 200 || done >= total) {
        last = done;
        bar.update(Math.min(done, total));
      }
    },
    stop() {
      bar.stop();
    },
  };
}
