// The documents an import has seen so far in its file, by key: what a key that comes back
// later in the file (lines of a document that is not contiguous) is checked against.
//
// A 10,000,000-line file has some 2,500,000 documents; as objects in a Map they took about
// 170 bytes each (issue 16: the import peaked at 625 MB). So only the latest documents are
// kept as objects; older ones move into a flat table of Uint32Arrays (64 parts by the hash's
// top bits, so that growing copies one part, not the whole table: a 10,000,000-line import
// peaked 100 MB higher while the one table grew), open addressing with 16-byte slots: a
// 64-bit hash of the key (two independent 32-bit hashes), 32 bits of the header
// fingerprint, and the first row with the written flag. Spoiled documents stay objects
// (they carry their bad rows; they are few, or the import fails). A key that comes back from
// the table becomes an object again.
import { fingerprint } from '../db/importStore.js';

export interface DocState {
  firstRow: number;
  /** The rows with problems that spoiled the document. */
  badRows: number[];
  /** Fingerprint of the header fields (singles: of the whole row). */
  headerSig: number;
  written: boolean;
  bad: boolean;
}

/** Objects kept before the older half moves into the table. */
const RECENT = 20_000;
/** Words of a slot: hash, second hash, header fingerprint, first row | flags (0: empty). */
const WORDS = 4;
const WRITTEN = 2 ** 30;
/** A slot whose document became an object again: searches pass over it. */
const GONE = 2 ** 31;
const ROW = WRITTEN - 1;
/** The table grows by half when it is this full (a smaller step keeps the copy small). */
const MAX_LOAD = 0.8;

/** The table is this many tables, by the top bits of the hash: one grows at a time, so growing copies 1/64 of it, not all. */
const SHARD_BITS = 6;
const SHARDS = 1 << SHARD_BITS;
/** Slots of a shard when it is first used. */
const FIRST_CAPACITY = 1024;

/** One part of the flat table: an open-addressing table of WORDS-word slots. */
interface Shard {
  slots: Uint32Array;
  capacity: number;
  /** Slots in use or gone (a search ends only at an empty slot). */
  filled: number;
}

export class SeenDocuments {
  private readonly recent = new Map<string, DocState>();
  /** Spoiled documents, kept whole (their bad rows are listed). */
  private readonly spoiled = new Map<string, DocState>();
  private readonly shards: Shard[] = Array.from({ length: SHARDS }, () => ({ slots: new Uint32Array(0), capacity: 0, filled: 0 }));
  /** Slots in use or gone, all shards. */
  private filled = 0;

  get size(): number {
    return this.recent.size + this.spoiled.size + this.filled;
  }

  get(key: string): DocState | undefined {
    const kept = this.recent.get(key) ?? this.spoiled.get(key);
    if (kept || this.filled === 0) return kept;
    const hash = fingerprint(key) >>> 0;
    const shard = this.shards[hash >>> (32 - SHARD_BITS)]!;
    const at = find(shard, hash, check(key));
    if (at < 0) return undefined;
    const rowFlags = shard.slots[at + 3]!;
    shard.slots[at + 3] = (rowFlags | GONE) >>> 0;
    // the header fingerprint comes back as its low 32 bits: compared so (sameHeader)
    const state: DocState = { firstRow: rowFlags & ROW, badRows: [], headerSig: shard.slots[at + 2]!, written: (rowFlags & WRITTEN) !== 0, bad: false };
    this.recent.set(key, state);
    return state;
  }

  set(key: string, state: DocState): void {
    this.recent.set(key, state);
    if (this.recent.size > RECENT) this.spill();
  }

  /** Move the older half of the objects into the table (spoiled ones into their own map). */
  private spill(): void {
    let moved = 0;
    for (const [key, state] of this.recent) {
      if (moved >= RECENT / 2) break;
      this.recent.delete(key);
      if (state.bad) {
        this.spoiled.set(key, state);
        continue;
      }
      const hash = fingerprint(key) >>> 0;
      const shard = this.shards[hash >>> (32 - SHARD_BITS)]!;
      if (shard.filled + 1 > shard.capacity * MAX_LOAD) this.filled += grow(shard);
      put(shard.slots, shard.capacity, hash, check(key), state.headerSig >>> 0, ((state.firstRow & ROW) | (state.written ? WRITTEN : 0)) >>> 0);
      shard.filled++;
      this.filled++;
      moved++;
    }
  }
}

/** The word offset of the key's slot in the shard, or -1. */
function find(shard: Shard, hash: number, second: number): number {
  const { slots, capacity } = shard;
  for (let i = hash % capacity; ; i = i + 1 === capacity ? 0 : i + 1) {
    const at = i * WORDS;
    const rowFlags = slots[at + 3]!;
    if (rowFlags === 0) return -1;
    if (rowFlags < GONE && slots[at] === hash && slots[at + 1] === second) return at;
  }
}

function put(slots: Uint32Array, capacity: number, hash: number, second: number, headerSig: number, rowFlags: number): void {
  let i = hash % capacity;
  while (slots[i * WORDS + 3] !== 0) i = i + 1 === capacity ? 0 : i + 1;
  const at = i * WORDS;
  slots[at] = hash;
  slots[at + 1] = second;
  slots[at + 2] = headerSig;
  slots[at + 3] = rowFlags;
}

/** Half as many slots again (gone ones dropped); returns the change of the filled count. */
function grow(shard: Shard): number {
  const [old, oldCapacity, oldFilled] = [shard.slots, shard.capacity, shard.filled];
  shard.capacity = Math.max(FIRST_CAPACITY, Math.ceil(oldCapacity * 1.5));
  shard.slots = new Uint32Array(shard.capacity * WORDS);
  shard.filled = 0;
  for (let at = 0; at < oldCapacity * WORDS; at += WORDS) {
    const rowFlags = old[at + 3]!;
    if (rowFlags === 0 || rowFlags >= GONE) continue;
    put(shard.slots, shard.capacity, old[at]!, old[at + 1]!, old[at + 2]!, rowFlags);
    shard.filled++;
  }
  return shard.filled - oldFilled;
}

/** 32 bits of a hash independent of `fingerprint`'s (FNV-1a). */
function check(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Whether two header fingerprints agree, one of them possibly cut to its low 32 bits by the table. */
export function sameHeader(a: number, b: number): boolean {
  return a >>> 0 === b >>> 0;
}
