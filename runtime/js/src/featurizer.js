// The groomguard featurizer in JavaScript: text -> normalized text -> hashed word and character n-grams -> ids, counts.
// A port of runtime/featurizer.py, specified in runtime/FEATURES.md and pinned by model/test_vectors.jsonl.
//
// Unicode data (character classes, case folding) comes from src/tables.js, generated from Python (Unicode 14.0),
// not from the JavaScript engine, whose Unicode version differs between Node releases and browsers. The engine's
// String.prototype.normalize (NFKC/NFKD) is used, which is stable for every character assigned in Unicode 14;
// characters unassigned in Unicode 14 are swapped for a private-use character first, so that a newer engine cannot
// decompose or reorder them (the reference maps both to a space).

import {
  APOSTROPHES,
  CASEFOLD,
  CHAR_SEED,
  CLASS_RUNS,
  FEATURIZER_VERSION,
  HOMOGLYPHS,
  LEET,
  MAX_CHARS,
  WHITESPACE,
  WORD_SEED,
} from "./tables.js";

export { CHAR_SEED, FEATURIZER_VERSION, MAX_CHARS, WORD_SEED };

export const DEFAULT_CONFIG = Object.freeze({
  version: 1,
  n_buckets: 1 << 18,
  word_ngrams: Object.freeze([1, 2]),
  char_ngrams: Object.freeze([3, 5]),
});
const VALIDATED = new WeakSet([DEFAULT_CONFIG]);

// Character classes (see tools/gen_tables.py).
const OTHER = 0;
const DELETE = 1;
const KEEP = 2;
const SYMBOL = 3;
const UNASSIGNED = 4;
const PRIVATE_USE = "\ue000"; // stands in for unassigned code points and lone surrogates during normalization

// Decode the class runs: a byte per BMP code point, sorted range starts for the rest.
const BMP_CLASS = new Uint8Array(0x10000);
const astralStarts = [];
const astralClasses = [];
{
  let cp = 0;
  for (const run of CLASS_RUNS.split(",")) {
    if (!run) continue;
    const k = Number(run[0]);
    const end = cp + parseInt(run.slice(1), 16);
    if (cp < 0x10000) BMP_CLASS.fill(k, cp, Math.min(end, 0x10000));
    if (end > 0x10000) {
      astralStarts.push(Math.max(cp, 0x10000));
      astralClasses.push(k);
    }
    cp = end;
  }
  if (cp !== 0x110000) throw new Error("tables.js: character classes do not cover U+0000..U+10FFFF");
}
const ASTRAL_STARTS = Uint32Array.from(astralStarts);
const ASTRAL_CLASSES = Uint8Array.from(astralClasses);

function classOf(cp) {
  if (cp < 0x10000) return BMP_CLASS[cp];
  let lo = 0;
  let hi = ASTRAL_STARTS.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (ASTRAL_STARTS[mid] <= cp) lo = mid;
    else hi = mid - 1;
  }
  return ASTRAL_CLASSES[lo];
}

const FOLD = new Map();
for (const entry of CASEFOLD.split(";")) {
  if (!entry) continue;
  const [key, value] = entry.split(":");
  FOLD.set(parseInt(key, 16), String.fromCodePoint(...value.split(" ").map((h) => parseInt(h, 16))));
}

/** Rule 3 of FEATURES.md: what one code point becomes. */
function mapCodePoint(cp, ch) {
  if (APOSTROPHES.has(cp)) return "";
  if (WHITESPACE.has(cp)) return " ";
  const k = classOf(cp);
  if (k === DELETE) return "";
  const homoglyph = HOMOGLYPHS.get(cp);
  if (homoglyph !== undefined) return homoglyph;
  if (cp === 0x40 || cp === 0x24) return ch; // @ and $, for the leetspeak step
  if (k === KEEP) return ch;
  if (k === SYMBOL) return ` ${ch} `;
  return " "; // punctuation, other symbols, "_", private use, unassigned, surrogates
}
const ASCII_MAP = Array.from({ length: 128 }, (_, cp) => mapCodePoint(cp, String.fromCharCode(cp)));

/** The first `max` code points of `s` (lone surrogates count as one). */
function capCodePoints(s, max) {
  if (s.length <= max) return s;
  let i = 0;
  for (let n = 0; n < max && i < s.length; n++) i += s.codePointAt(i) > 0xffff ? 2 : 1;
  return s.slice(0, i);
}

function codePointLength(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    n++;
  }
  return n;
}

const ASCII_RE = /^[\x00-\x7f]*$/;

export const typeName = (value) => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);

/** NFKC, full case folding, NFKD (rule 2, for text that is not all ASCII). */
function foldUnicode(t) {
  let safe = "";
  for (const ch of t) {
    safe += classOf(ch.codePointAt(0)) === UNASSIGNED ? PRIVATE_USE : ch;
  }
  let folded = "";
  for (const ch of safe.normalize("NFKC")) {
    const f = FOLD.get(ch.codePointAt(0));
    folded += f === undefined ? ch : f;
  }
  return folded.normalize("NFKD");
}

const LEET_RE = /(?<=[a-z])[013457@$]+(?=[a-z])/g;
const LEET_CHAR_RE = /[013457@$]/g;
const SPACED_RE = /(?<![^ ])[a-z](?: [a-z](?![^ ])){2,}/g;
const REPEAT_RE = /([^ 0-9])\1{2,}/gu;

/**
 * The normalized form of `text` that n-grams are taken from (FEATURES.md section 1): tokens (runs of letters and
 * digits, or one pictograph) joined by single spaces; "" when nothing is left.
 */
export function normalize(text) {
  if (typeof text !== "string") throw new TypeError(`text must be a string, not ${typeName(text)}`);
  let t = capCodePoints(text, MAX_CHARS);
  t = ASCII_RE.test(t) ? t.toLowerCase() : foldUnicode(t);
  let mapped = "";
  for (const ch of t) {
    const cp = ch.codePointAt(0);
    mapped += cp < 128 ? ASCII_MAP[cp] : mapCodePoint(cp, ch);
  }
  t = mapped.replace(LEET_RE, (m) => m.replace(LEET_CHAR_RE, (c) => LEET[c]));
  t = t.replace(/[@$]/g, " ");
  t = t.split(" ").filter((piece) => piece.length > 0).join(" ");
  t = t.replace(SPACED_RE, (m) => m.replaceAll(" ", ""));
  t = t.replace(REPEAT_RE, "$1$1");
  if (t.length > MAX_CHARS && codePointLength(t) > MAX_CHARS) t = capCodePoints(t, MAX_CHARS).replace(/ +$/, "");
  return t;
}

/** Validated featurizer settings (the manifest's `featurizer` object). */
export function featurizerConfig(config = DEFAULT_CONFIG) {
  if (VALIDATED.has(config)) return config;
  const nBuckets = Number(config.n_buckets);
  if (!Number.isInteger(nBuckets) || nBuckets < 2 || nBuckets > 2 ** 30 || (nBuckets & (nBuckets - 1)) !== 0) {
    throw new RangeError(`n_buckets must be a power of two between 2 and 2**30, got ${config.n_buckets}`);
  }
  for (const name of ["word_ngrams", "char_ngrams"]) {
    const [lo, hi] = config[name] ?? [];
    if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 1 && lo <= hi && hi <= 8)) {
      throw new RangeError(`${name} must be [lo, hi] with 1 <= lo <= hi <= 8, got ${JSON.stringify(config[name])}`);
    }
  }
  if (Number(config.version) !== FEATURIZER_VERSION) {
    throw new RangeError(
      `this runtime implements featurizer version ${FEATURIZER_VERSION}, the model needs ${config.version}`,
    );
  }
  const cfg = Object.freeze({
    version: FEATURIZER_VERSION,
    n_buckets: nBuckets,
    word_ngrams: Object.freeze([config.word_ngrams[0], config.word_ngrams[1]]),
    char_ngrams: Object.freeze([config.char_ngrams[0], config.char_ngrams[1]]),
  });
  VALIDATED.add(cfg);
  return cfg;
}

const PRIME = 16777619;

/** MurmurHash3's 32-bit finalizer. */
function fmix32(h) {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The hash of FEATURES.md section 3 over `bytes` (exported for tests). */
export function hashBytes(bytes, seed) {
  let h = seed >>> 0;
  for (const x of bytes) h = (Math.imul(h, PRIME) + x) >>> 0;
  return fmix32(h);
}

const encoder = new TextEncoder();

/** Sorted distinct bucket ids (BigInt64Array) and their counts (Float32Array) of an already normalized text. */
export function featurizeNormalized(normalized, config = DEFAULT_CONFIG) {
  const cfg = featurizerConfig(config);
  const mask = cfg.n_buckets - 1;
  const bytes = encoder.encode(` ${normalized} `);
  // Byte offset of every code point of the padded text, and of its end.
  const starts = new Uint32Array(bytes.length + 1);
  let nChars = 0;
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] & 0xc0) !== 0x80) starts[nChars++] = i;
  starts[nChars] = bytes.length;
  // Word boundaries: the spaces of the padded text (tokens lie between consecutive spaces).
  const spaces = [];
  if (normalized.length > 0) for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x20) spaces.push(i);

  const [clo, chi] = cfg.char_ngrams;
  const [wlo, whi] = cfg.word_ngrams;
  const buckets = new Uint32Array(nChars * (chi - clo + 1) + spaces.length * (whi - wlo + 1));
  let k = 0;
  // Character n-grams: for each start, extend the hash one code point at a time (the hash is prefix-extensible).
  for (let i = 0; i < nChars; i++) {
    let h = CHAR_SEED;
    let pos = starts[i];
    for (let n = 1; n <= chi && i + n <= nChars; n++) {
      for (const end = starts[i + n]; pos < end; pos++) h = (Math.imul(h, PRIME) + bytes[pos]) >>> 0;
      if (n >= clo) buckets[k++] = fmix32(h) & mask;
    }
  }
  // Word n-grams: tokens j..j+n-1 are the bytes between spaces[j] + 1 and spaces[j + n].
  for (let j = 0; j + 1 < spaces.length; j++) {
    let h = WORD_SEED;
    let pos = spaces[j] + 1;
    for (let n = 1; n <= whi && j + n < spaces.length; n++) {
      for (const end = spaces[j + n]; pos < end; pos++) h = (Math.imul(h, PRIME) + bytes[pos]) >>> 0;
      if (n >= wlo) buckets[k++] = fmix32(h) & mask;
    }
  }
  const sorted = buckets.subarray(0, k).sort();
  let distinct = 0;
  for (let i = 0; i < k; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const ids = new BigInt64Array(distinct);
  const counts = new Float32Array(distinct);
  for (let i = 0, d = -1; i < k; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) ids[++d] = BigInt(sorted[i]);
    counts[d]++;
  }
  return { ids, counts };
}

/** Sorted distinct bucket ids (BigInt64Array) and their counts (Float32Array) for one text. */
export function featurize(text, config = DEFAULT_CONFIG) {
  return featurizeNormalized(normalize(text), config);
}

/** Pads rows of features to `[batch, width]` (width >= 1); padding is id 0 with count 0. */
export function padRows(rows) {
  const width = rows.reduce((w, r) => Math.max(w, r.ids.length), 1);
  const ids = new BigInt64Array(rows.length * width);
  const counts = new Float32Array(rows.length * width);
  rows.forEach((r, i) => {
    ids.set(r.ids, i * width);
    counts.set(r.counts, i * width);
  });
  return { ids, counts, batch: rows.length, width };
}

/** Features of several texts, padded: `{ids: BigInt64Array, counts: Float32Array, batch, width}` (row-major). */
export function featurizeBatch(texts, config = DEFAULT_CONFIG) {
  if (!Array.isArray(texts)) throw new TypeError(`featurizeBatch() takes an array of strings, not ${typeName(texts)}`);
  const cfg = featurizerConfig(config);
  return padRows(texts.map((t) => featurize(t, cfg)));
}
