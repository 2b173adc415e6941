/** Round half away from zero to `decimals` places (SPEC §1: rounding only at the edges). */
export function roundHalfAway(value: number, decimals = 0): number {
  const factor = 10 ** decimals;
  const scaled = Math.abs(value) * factor;
  const rounded = Math.floor(scaled + 0.5 + 1e-9);
  return (Math.sign(value) * rounded) / factor || 0;
}
