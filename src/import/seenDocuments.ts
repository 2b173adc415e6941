// The documents an import has seen so far in its file, by key: what a key that comes back
// later in the file (lines of a document that is not contiguous) is checked against.
//
// A 10,000,000-line file has some 2,500,000 documents; as objects in a Map they took about
// 170 bytes each (issue 16: the import peaked at 625 MB). So only the latest documents are
// kept as objects; older ones move into flat typed arrays (an open-addressing table keyed by
// an 85-bit hash of the key, with its first row, 32 bits of its header fingerprint and its
// written flag: 21 bytes a slot). Spoiled documents stay objects (they carry their bad rows; they are few, or the
// import fails). A key that comes back from the table becomes an object again.
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
const EMPTY = 0;
const USED = 1;
const WRITTEN = 2;
/** A slot whose document became an object again: searches pass over it. */
const GONE = 4;

export class SeenDocuments {
  private readonly recent = new Map<string, DocState>();
  /** Spoiled documents, kept whole (their bad rows are listed). */
  private readonly spoiled = new Map<string, DocState>();
  private hashes = new Float64Array(0);
  /** A second, independent hash of the key: two keys are one only when both agree. */
  private checks = new Uint32Array(0);
  private firstRows = new Uint32Array(0);
  private headerSigs = new Uint32Array(0);
  private flags = new Uint8Array(0);
  /** Slots in use or gone (a search ends only at an empty slot). */
  private filled = 0;

  get size(): number {
    return this.recent.size + this.spoiled.size + this.filled;
  }

  get(key: string): DocState | undefined {
    const kept = this.recent.get(key) ?? this.spoiled.get(key);
    if (kept || this.filled === 0) return kept;
    const slot = this.find(fingerprint(key), check(key));
    if (slot < 0) return undefined;
    const flags = this.flags[slot]!;
    this.flags[slot] = flags | GONE;
    // the header fingerprint comes back as its low 32 bits: compared so (sameHeader)
    const state: DocState = { firstRow: this.firstRows[slot]!, badRows: [], headerSig: this.headerSigs[slot]!, written: (flags & WRITTEN) !== 0, bad: false };
    this.recent.set(key, state);
    return state;
  }

  set(key: string, state: DocState): void {
    this.recent.set(key, state);
    if (this.recent.size > RECENT) this.spill();
  }

  /** Move the older half of the objects, spoiled documents excepted, into the table. */
  private spill(): void {
    let moved = 0;
    for (const [key, state] of this.recent) {
      if (moved >= RECENT / 2) break;
      this.recent.delete(key);
      if (state.bad) {
        this.spoiled.set(key, state);
        continue;
      }
      this.put(fingerprint(key), check(key), state);
      moved++;
    }
  }

  private find(hash: number, second: number): number {
    const mask = this.flags.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const flags = this.flags[slot]!;
      if (flags === EMPTY) return -1;
      if ((flags & GONE) === 0 && this.hashes[slot] === hash && this.checks[slot] === second) return slot;
    }
  }

  private put(hash: number, second: number, state: DocState): void {
    if ((this.filled + 1) * 4 > this.flags.length * 3) this.grow();
    const mask = this.flags.length - 1;
    let slot = hash & mask;
    while (this.flags[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.hashes[slot] = hash;
    this.checks[slot] = second;
    this.firstRows[slot] = state.firstRow;
    this.headerSigs[slot] = state.headerSig >>> 0;
    this.flags[slot] = USED | (state.written ? WRITTEN : 0);
    this.filled++;
  }

  /** Twice the slots (gone ones dropped). */
  private grow(): void {
    const [hashes, checks, firstRows, headerSigs, flags] = [this.hashes, this.checks, this.firstRows, this.headerSigs, this.flags];
    const size = Math.max(1 << 16, flags.length * 2);
    this.hashes = new Float64Array(size);
    this.checks = new Uint32Array(size);
    this.firstRows = new Uint32Array(size);
    this.headerSigs = new Uint32Array(size);
    this.flags = new Uint8Array(size);
    this.filled = 0;
    const mask = size - 1;
    for (let i = 0; i < flags.length; i++) {
      if (flags[i] === EMPTY || (flags[i]! & GONE) !== 0) continue;
      let slot = hashes[i]! & mask;
      while (this.flags[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.hashes[slot] = hashes[i]!;
      this.checks[slot] = checks[i]!;
      this.firstRows[slot] = firstRows[i]!;
      this.headerSigs[slot] = headerSigs[i]!;
      this.flags[slot] = flags[i]!;
      this.filled++;
    }
  }
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
