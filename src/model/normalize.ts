// SPEC §3 duplicate nomenclature: names that differ only in case, ё/е, Latin look-alike
// letters inside Cyrillic words, the × sign, the decimal separator, punctuation or spacing
// are the same product.

const LOOKALIKES: Record<string, string> = {
  x: 'х', c: 'с', o: 'о', a: 'а', e: 'е', p: 'р', k: 'к', m: 'м', t: 'т', b: 'в', h: 'н', y: 'у',
};
const CYRILLIC = /[а-я]/;

export function nameKey(name: string): string {
  // one pass can make a new match for an earlier step ("0x!0" → "0x 0" → "0×0"): repeat until stable
  let key = normalizeOnce(name);
  for (let i = 0; i < 5; i++) {
    const again = normalizeOnce(key);
    if (again === key) break;
    key = again;
  }
  return key;
}

function normalizeOnce(name: string): string {
  let s = name.toLowerCase().replace(/ё/g, 'е');
  // a dimension sign between digits: 3х2,5 / 3x2.5 / 3×2,5 / 3 * 2,5 → 3×2.5
  s = s.replace(/(\d)\s*[x×хx*]\s*(?=\d)/g, '$1×');
  // decimal separator between digits
  s = s.replace(/(\d),(?=\d)/g, '$1.');
  // punctuation (except the decimal point and ×) → space, quotes «» "" „“ '' ‘’ included, so
  // ООО «Альфа» = ООО "Альфа" = ООО Альфа (1C and Excel users write all of them); then runs of spaces → one
  s = s.replace(/[^\p{L}\p{N}.×]+/gu, ' ').replace(/(?<!\d)\.|\.(?!\d)/g, ' ');
  // Latin look-alikes inside words that contain Cyrillic letters
  s = s.replace(/[\p{L}\p{N}.×]+/gu, (word) =>
    CYRILLIC.test(word) ? word.replace(/[xcoaepktmbhy]/g, (ch) => LOOKALIKES[ch]!) : word,
  );
  return s.replace(/\s+/g, ' ').trim();
}

/** Cyrillic letters that look like Latin ones, as the Latin letter. */
const LATIN_SKELETON: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
};

/**
 * For searching: the normalized name with every look-alike letter written one way, so a
 * needle typed with the other alphabet's letter finds it ("LЕD" with a Cyrillic Е finds
 * "LED", "Лaмпa" with Latin a finds "Лампа"). Not for duplicates: A60 and А60 stay two SKUs.
 */
export function searchKey(text: string): string {
  return nameKey(text).replace(/[авекмнорстух]/g, (ch) => LATIN_SKELETON[ch]!);
}
