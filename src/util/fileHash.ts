import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/** SHA-256 of a file, read as a stream (a backup may be larger than memory). */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Copy `from` to `to` (a new file) and return the SHA-256 of the bytes copied, read once; the copy is on disk (fsync) when it returns. */
export async function copyWithSha256(from: string, to: string): Promise<string> {
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(fs.createReadStream(from, { highWaterMark: 1 << 20 }), tap, fs.createWriteStream(to, { flags: 'wx' }));
  syncFile(to);
  return hash.digest('hex');
}

/** Flush a file's bytes to the disk (a backup must survive a power cut right after crm said it was made). */
export function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
