// Worker thread of a big import: reads and parses the file and sends parsed rows in
// batches, at most WORKER_CREDIT batches ahead of the main thread that writes them.
import { parentPort, workerData } from 'node:worker_threads';
import { entitySpec } from '../model/entities.js';
import { openInlineSource, serializeError, WORKER_CREDIT, type WorkerInput, type WorkerMessage } from './rowSource.js';

async function run(): Promise<void> {
  const input = workerData as WorkerInput;
  const port = parentPort!;
  const post = (m: WorkerMessage) => port.postMessage(m);
  let credit = WORKER_CREDIT;
  let wake: (() => void) | undefined;
  port.on('message', () => {
    credit++;
    wake?.();
  });
  try {
    const spec = entitySpec(input.entity)!;
    let lastReport = 0;
    const source = await openInlineSource(
      spec,
      {
        ...input.options,
        onBytes: (bytes, total) => {
          if (bytes - lastReport > total / 200 || bytes === total) {
            lastReport = bytes;
            post({ type: 'bytes', bytes, total });
          }
        },
      },
      {
        refs: new Map(input.refs.map(([name, codes]) => [name, new Set(codes)])),
        costs: input.costs ? new Map(input.costs) : undefined,
        crm: input.crm ?? undefined,
        names: input.names,
        codesOnly: input.codesOnly,
        today: input.today ?? undefined,
      },
    );
    const { layout, ...rest } = source.info;
    post({ type: 'info', info: { ...rest, layout: { ...layout, index: [...layout.index] } } });
    for await (const rows of source.batches) {
      while (credit <= 0) await new Promise<void>((resolve) => (wake = resolve));
      credit--;
      post({ type: 'batch', rows, sheet: source.sheet() });
    }
    post({ type: 'end', sheet: source.sheet() });
  } catch (error) {
    post(serializeError(error));
  } finally {
    port.close();
  }
}

void run();
