// SPEC §3 references by name: which references may be written by name or INN instead of
// their code, and the stored records' keys for it (read by src/db, used by src/import).
import type { RefName } from './types.js';
import { nameKey } from './normalize.js';

/** One way a reference may be written besides its code: a column of the referenced table. */
export interface RefAlternate {
  /** The column of the referenced table. */
  column: string;
  /** What messages call it. */
  label: string;
  /** The lookup key of a stored value or a file's cell; null = cannot match. */
  key: (text: string) => string | null;
  /** A column holding the key already computed (products keep `name_key`): no work per record. */
  storedKey?: string;
}

const byName: RefAlternate = { column: 'name', label: 'name', key: (text) => nameKey(text) || null };
/** An INN is 10 (organisation) or 12 (person) digits; spaces people type inside are ignored. */
const byInn: RefAlternate = {
  column: 'inn',
  label: 'INN',
  key: (text) => {
    const digits = text.replace(/\s+/g, '');
    return /^\d{10}(\d{2})?$/.test(digits) ? digits : null;
  },
};

/** The references that may be written by name, and how. */
export const REF_ALTERNATES: Partial<Record<RefName, RefAlternate[]>> = {
  clients: [byName, byInn],
  products: [{ ...byName, storedKey: 'name_key' }],
  suppliers: [byName, byInn],
};

/**
 * The stored records of one referenced table as flat arrays (cheap to send to the worker
 * thread): per alternate (in REF_ALTERNATES order) the stored key, or the raw value the key
 * is computed from on the first lookup.
 */
export interface RefTable {
  ref: RefName;
  codes: string[];
  names: string[];
  values: (string | null)[][];
}
export type RefIndex = RefTable[];
