// The groomguard featurizer in JavaScript: text -> normalized text -> hashed word and character n-grams and cue
// features -> ids, counts. A port of runtime/featurizer.py (with normalize.py, hashing.py, lexicon.py and cues.py),
// specified in runtime/FEATURES.md (version 2) and pinned by model/test_vectors.jsonl.
//
// Ids below n_buckets are hashed n-grams; the special features follow at n_buckets + k: one lex_<category> per
// lexicon category (in the manifest's order), then age_minor and age_adult.
//
// Unicode data (character classes, case folding) comes from src/tables.js, generated from Python (Unicode 14.0),
// not from the JavaScript engine, whose Unicode version differs between Node releases and browsers. The engine's
// String.prototype.normalize (NFKC/NFKD) is used, which is stable for every character assigned in Unicode 14;
// characters unassigned in Unicode 14 are swapped for a private-use character first, so that a newer engine cannot
// decompose or reorder them (the reference maps both to a space).

import {
  ADULT_AGES,
  AGE_FEATURES,
  AGE_RULES,
  ALONE_AGES,
  APOSTROPHES,
  CASEFOLD,
  CHAR_SEED,
  CLASS_RUNS,
  DIGIT_ZEROS,
  FEATURIZER_VERSION,
  GRADE_RULES,
  HOMOGLYPHS,
  LEET,
  LEXICON_SEED,
  MAX_CHARS,
  MAX_GRADE,
  MAX_YEAR,
  MINOR_AGES,
  ORDINALS,
  PLACEHOLDER_PREFIX,
  SHORTHAND,
  SPELLING_SEPARATORS,
  WHITESPACE,
  WORD_SEED,
} from "./tables.js";

export { AGE_FEATURES, CHAR_SEED, FEATURIZER_VERSION, LEXICON_SEED, MAX_CHARS, PLACEHOLDER_PREFIX, WORD_SEED };

export const DEFAULT_CONFIG = Object.freeze({
  version: FEATURIZER_VERSION,
  n_buckets: 1 << 18,
  word_ngrams: Object.freeze([1, 2]),
  char_ngrams: Object.freeze([3, 5]),
  lexicon: Object.freeze([]),
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

// Step 3b: a word spelled out with one separator between its letters ("s.e.n.d"), joined as a whole run on the mapped
// text (step 3 keeps the separators and apostrophes); the same pattern as Python's _SPELLED_RE: it begins at the
// first separator, and the first letter is checked behind it. A token character is anything but a space, a
// separator or an apostrophe.
const SEPARATORS = new Set([...SPELLING_SEPARATORS].map((c) => c.codePointAt(0)));
const SEPARATOR_CLASS = SPELLING_SEPARATORS.replace(/[\\\]\[^-]/g, "\\$&"); // escaped for a character class
const SPELL_SEP = `[${SEPARATOR_CLASS}]`;
const APOSTROPHE_CLASS = [...APOSTROPHES].map((cp) => `\\u${cp.toString(16).padStart(4, "0")}`).join("");
const TOKEN_CHAR = `[^ ${SEPARATOR_CLASS}${APOSTROPHE_CLASS}]`; // not a space, separator or apostrophe
const SPELLED_RE = new RegExp(
  `(${SPELL_SEP})(?<=(?<!${TOKEN_CHAR})(?<!${TOKEN_CHAR}${SPELL_SEP})[a-z]${SPELL_SEP})` +
    String.raw`[a-z](?:\1[a-z])*` +
    `(?!${TOKEN_CHAR})(?!${SPELL_SEP}${TOKEN_CHAR})`,
  "g",
);
const SEPARATOR_RE = new RegExp(SPELL_SEP, "g");
const APOSTROPHE_RE = new RegExp(`[${APOSTROPHE_CLASS}]`, "g");

/** Rule 3 of FEATURES.md: what one code point becomes. */
function mapCodePoint(cp, ch) {
  if (APOSTROPHES.has(cp)) return ch; // kept for step 3b, which deletes them ("d.o.n't" is spelled out before "t")
  if (WHITESPACE.has(cp)) return " ";
  const k = classOf(cp);
  if (k === DELETE) return "";
  const homoglyph = HOMOGLYPHS.get(cp);
  if (homoglyph !== undefined) return homoglyph;
  if (cp === 0x40 || cp === 0x24) return ch; // @ and $, for the leetspeak step
  if (k === KEEP) return ch;
  if (k === SYMBOL) return ` ${ch} `;
  if (SEPARATORS.has(cp)) return ch; // kept for step 3b, which makes them spaces
  return " "; // other punctuation and symbols, private use, unassigned, surrogates
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

/** Steps 2 to 8 of FEATURES.md section 1, on the whole text (no cap yet). */
function normalizeUncapped(text) {
  let t = ASCII_RE.test(text) ? text.toLowerCase() : foldUnicode(text);
  let mapped = "";
  for (const ch of t) {
    const cp = ch.codePointAt(0);
    mapped += cp < 128 ? ASCII_MAP[cp] : mapCodePoint(cp, ch);
  }
  // Step 3b: words spelled out with punctuation joined, then every separator left becomes a space, apostrophes go.
  t = mapped.replace(SPELLED_RE, (m, sep) => m.replaceAll(sep, ""));
  t = t.replace(SEPARATOR_RE, " ").replace(APOSTROPHE_RE, "");
  t = t.replace(LEET_RE, (m) => m.replace(LEET_CHAR_RE, (c) => LEET[c]));
  t = t.replace(/[@$]/g, " ");
  t = t.split(" ").filter((piece) => piece.length > 0).join(" ");
  t = t.replace(SPACED_RE, (m) => m.replaceAll(" ", ""));
  t = t.replace(REPEAT_RE, "$1$1");
  // Step 8: whole tokens of chat shorthand become the words they stand for, in one pass (never looked up again).
  if (t.length > 0) t = t.split(" ").map((token) => SHORTHAND.get(token) ?? token).join(" ");
  return t;
}

/**
 * The normalized form of `text` that n-grams are taken from (FEATURES.md section 1): tokens (runs of letters and
 * digits, or one pictograph) joined by single spaces; "" when nothing is left. The whole text is normalized, then
 * capped at MAX_CHARS code points (step 9; `normalizedLength` tells when it was).
 */
export function normalize(text) {
  if (typeof text !== "string") throw new TypeError(`text must be a string, not ${typeName(text)}`);
  const t = normalizeUncapped(text);
  if (t.length > MAX_CHARS && codePointLength(t) > MAX_CHARS) return capCodePoints(t, MAX_CHARS).replace(/ +$/, "");
  return t;
}

/** Code points of `text`'s normalized form before the cap: more than MAX_CHARS means only a prefix is scored. */
export function normalizedLength(text) {
  if (typeof text !== "string") throw new TypeError(`text must be a string, not ${typeName(text)}`);
  return codePointLength(normalizeUncapped(text));
}

/** Whether a normalized text of this length (before the cap) loses its end to the cap. */
export function isTruncated(normalizedUncappedLength) {
  return normalizedUncappedLength > MAX_CHARS;
}

/** Validated featurizer settings (the manifest's `featurizer` object), with the lexicon decoded. */
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
  const entries = config.lexicon ?? [];
  if (!Array.isArray(entries)) throw new RangeError("lexicon must be a list of {category, keys}");
  const names = entries.map((e) => e?.category);
  const isName = (n) => typeof n === "string" && /^\p{L}+$/u.test(n) && n === n.toLowerCase() && /\p{Ll}/u.test(n);
  if (new Set(names).size !== names.length || !names.every(isName)) {
    throw new RangeError(`lexicon categories must be distinct lowercase words, got ${JSON.stringify(names)}`);
  }
  if (entries.length && !(config.word_ngrams[0] <= 1 && config.word_ngrams[1] >= 2)) {
    throw new RangeError("a lexicon needs word 1- and 2-grams (its entries are words and word pairs)");
  }
  const lexicon = entries.map((e) => {
    try {
      return Object.freeze({ category: e.category, keys: String(e.keys), decoded: decodeKeys(String(e.keys)) });
    } catch (err) {
      throw new RangeError(`lexicon category ${JSON.stringify(e.category)}: ${err.message}`);
    }
  });
  const special = Object.freeze([...names.map((n) => `lex_${n}`), ...AGE_FEATURES]);
  if (config.special_features !== undefined && JSON.stringify(config.special_features) !== JSON.stringify(special)) {
    throw new RangeError(
      `special_features ${JSON.stringify(config.special_features)} are not the ones this runtime emits, ` +
        JSON.stringify(special),
    );
  }
  const cfg = Object.freeze({
    version: FEATURIZER_VERSION,
    n_buckets: nBuckets,
    word_ngrams: Object.freeze([config.word_ngrams[0], config.word_ngrams[1]]),
    char_ngrams: Object.freeze([config.char_ngrams[0], config.char_ngrams[1]]),
    lexicon: Object.freeze(lexicon),
  });
  LOOKUPS.set(cfg, lexiconLookup(lexicon));
  VALIDATED.add(cfg);
  return cfg;
}

/** Names of the features after the n-gram buckets, at ids n_buckets + k. */
export function specialFeatures(config = DEFAULT_CONFIG) {
  return LOOKUPS.get(featurizerConfig(config)).special;
}

const B64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * A lexicon category's keys (base64 of sorted, distinct little-endian uint64, FEATURES.md 4.1) as their high and low
 * 32-bit halves; throws RangeError when the text is not such an array (as Python's decode_keys).
 */
export function decodeKeys(encoded) {
  if (!B64_RE.test(encoded)) throw new RangeError("lexicon keys are not base64");
  const raw = atob(encoded);
  if (raw.length % 8) throw new RangeError("lexicon keys are not a whole number of 64-bit values");
  const n = raw.length / 8;
  const high = new Uint32Array(n);
  const low = new Uint32Array(n);
  const byte = (i) => raw.charCodeAt(i);
  const u32 = (i) => (byte(i) | (byte(i + 1) << 8) | (byte(i + 2) << 16) | (byte(i + 3) << 24)) >>> 0;
  for (let k = 0; k < n; k++) {
    low[k] = u32(8 * k);
    high[k] = u32(8 * k + 4);
    if (k > 0 && !(high[k] > high[k - 1] || (high[k] === high[k - 1] && low[k] > low[k - 1]))) {
      throw new RangeError("lexicon keys are not sorted and distinct");
    }
  }
  return Object.freeze({ high, low });
}

// The lookup of a validated config: high half -> [[low half, category index], ...]. A key listed by several
// categories counts for each of them (FEATURES.md 4.1).
const LOOKUPS = new WeakMap();

function lexiconLookup(lexicon) {
  const byHigh = new Map();
  lexicon.forEach(({ decoded }, j) => {
    for (let k = 0; k < decoded.high.length; k++) {
      const h = decoded.high[k];
      if (!byHigh.has(h)) byHigh.set(h, []);
      const entries = byHigh.get(h);
      entries.push([decoded.low[k], j]);
    }
  });
  const placeholders = new Map(lexicon.map(({ category }, j) => [PLACEHOLDER_PREFIX + category, j]));
  const special = Object.freeze([...lexicon.map(({ category }) => `lex_${category}`), ...AGE_FEATURES]);
  return { byHigh, placeholders, special };
}
LOOKUPS.set(DEFAULT_CONFIG, lexiconLookup([]));

/** The exact 64-bit key of a normalized word or word pair (FEATURES.md 4.1), as a BigInt. */
export function lexiconKey(normalizedEntry) {
  const bytes = encoder.encode(normalizedEntry);
  return (BigInt(hashBytes(bytes, WORD_SEED)) << 32n) | BigInt(hashBytes(bytes, LEXICON_SEED));
}

/** Base64 of the sorted, distinct 64-bit keys (BigInt) as little-endian uint64: a category's `keys`. */
export function encodeKeys(keys) {
  const distinct = [...new Set(keys.map((k) => BigInt.asUintN(64, BigInt(k))))];
  const sorted = distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let raw = "";
  for (let k of sorted) {
    for (let i = 0; i < 8; i++) {
      raw += String.fromCharCode(Number(k & 0xffn));
      k >>= 8n;
    }
  }
  return btoa(raw);
}

// Age cues (FEATURES.md 4.2): the regexes of runtime/cues.py, generated into tables.js. Python's \d matches every
// decimal digit (not only ASCII), and int() reads them: DIGIT_ZEROS gives each digit's value.
const AGE_RE = new RegExp(AGE_RULES, "gud");
const GRADE_RE = new RegExp(GRADE_RULES, "gud");
const ASCII_DIGIT_RE = /[0-9]/;
const ZEROS = Uint32Array.from(DIGIT_ZEROS);
const MINOR = 0;
const ADULT = 1;

function digitValue(cp) {
  let lo = 0;
  let hi = ZEROS.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (ZEROS[mid] <= cp) lo = mid;
    else hi = mid - 1;
  }
  return cp - ZEROS[lo];
}

function numberOf(digits) {
  let value = 0;
  for (const ch of digits) value = value * 10 + digitValue(ch.codePointAt(0));
  return value;
}

const groupOf = (m) => Object.keys(m.groups).find((name) => m.groups[name] !== undefined);

/** Age cues of one normalized text (placeholders removed): [minor count, adult count]. */
export function ageCues(text) {
  // As Python: the age rules run only when the text holds an ASCII digit, the grade rules also when it says "grade".
  const hasDigit = ASCII_DIGIT_RE.test(text);
  if (!hasDigit && !text.includes("grade")) return [0, 0];
  const found = new Map(); // position of the number -> MINOR or ADULT; each number once
  if (hasDigit) {
    for (const m of text.matchAll(AGE_RE)) {
      const group = groupOf(m);
      const pos = m.indices.groups[group][0];
      const value = numberOf(m.groups[group]);
      const [lo, hi] = group === "n4" ? ALONE_AGES : [MINOR_AGES[0], ADULT_AGES[1]];
      if (!found.has(pos) && lo <= value && value <= hi) found.set(pos, value <= MINOR_AGES[1] ? MINOR : ADULT);
    }
  }
  for (const m of text.matchAll(GRADE_RE)) {
    const group = groupOf(m);
    const pos = m.indices.groups[group][0];
    let value;
    let top = MAX_GRADE;
    if (group === "o") value = ORDINALS.indexOf(m.groups[group]) + 1;
    else {
      value = numberOf(m.groups[group]);
      if (group === "y") top = MAX_YEAR;
    }
    if (!found.has(pos) && value >= 1 && value <= top) found.set(pos, MINOR);
  }
  const out = [0, 0];
  for (const kind of found.values()) out[kind]++;
  return out;
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

/**
 * Sorted distinct feature ids (BigInt64Array: buckets, then the special features) and their counts (Float32Array) of
 * an already normalized text.
 */
export function featurizeNormalized(normalized, config = DEFAULT_CONFIG) {
  const cfg = featurizerConfig(config);
  const mask = cfg.n_buckets - 1;
  const { byHigh, placeholders } = LOOKUPS.get(cfg);
  const special = new Uint32Array(cfg.lexicon.length + AGE_FEATURES.length); // occurrences of each special feature
  // Placeholder tokens ("lex" + category) are counted and left out of the n-grams (and of the age cues).
  if (placeholders.size && normalized.includes(PLACEHOLDER_PREFIX)) {
    const kept = [];
    for (const token of normalized.split(" ")) {
      const j = placeholders.get(token);
      if (j === undefined) kept.push(token);
      else special[j]++;
    }
    normalized = kept.join(" ");
  }
  const [minor, adult] = ageCues(normalized);
  special[cfg.lexicon.length] += minor;
  special[cfg.lexicon.length + 1] += adult;

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
  // Word n-grams: tokens j..j+n-1 are the bytes between spaces[j] + 1 and spaces[j + n]. A word n-gram whose hash is
  // the first half of a lexicon key is hashed again with LEXICON_SEED for the second half; only 1- and 2-grams are
  // looked up (entries are words and word pairs).
  for (let j = 0; j + 1 < spaces.length; j++) {
    let h = WORD_SEED;
    let pos = spaces[j] + 1;
    for (let n = 1; n <= whi && j + n < spaces.length; n++) {
      for (const end = spaces[j + n]; pos < end; pos++) h = (Math.imul(h, PRIME) + bytes[pos]) >>> 0;
      if (n >= wlo) {
        const full = fmix32(h);
        buckets[k++] = full & mask;
        const entries = byHigh.size && n <= 2 ? byHigh.get(full) : undefined;
        if (entries !== undefined) {
          const low = hashBytes(bytes.subarray(spaces[j] + 1, spaces[j + n]), LEXICON_SEED);
          for (const [l, category] of entries) if (l === low) special[category]++;
        }
      }
    }
  }
  const sorted = buckets.subarray(0, k).sort();
  let distinct = 0;
  for (let i = 0; i < k; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const nSpecial = special.reduce((a, c) => a + (c > 0 ? 1 : 0), 0);
  const ids = new BigInt64Array(distinct + nSpecial);
  const counts = new Float32Array(distinct + nSpecial);
  let d = -1;
  for (let i = 0; i < k; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) ids[++d] = BigInt(sorted[i]);
    counts[d]++;
  }
  special.forEach((c, j) => {
    if (c > 0) {
      ids[++d] = BigInt(cfg.n_buckets + j);
      counts[d] = c;
    }
  });
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
