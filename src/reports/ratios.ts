// The two ways a report divides (SPEC §6: null where the denominator is 0).

/** a / b. */
export const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);

/** part as a percent of whole, computed as part × 100 / whole (no 7.000000000000001). */
export const percentOf = (part: number, whole: number): number | null => (whole === 0 ? null : (part * 100) / whole);
