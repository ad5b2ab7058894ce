import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { test } from "node:test";
import {
  ageCues,
  CHAR_SEED,
  DEFAULT_CONFIG,
  decodeKeys,
  encodeKeys,
  featurize,
  featurizeBatch,
  featurizerConfig,
  hashBytes,
  isTruncated,
  LEXICON_SEED,
  lexiconKey,
  MAX_CHARS,
  normalize,
  normalizedLength,
  specialFeatures,
  WORD_SEED,
} from "../src/featurizer.js";
import { FIXTURES, modelSkip, readJson, requireModel, testVectors } from "./helpers.js";

const fixture = readJson(join(FIXTURES, "featurizer.json"));
// The stand-in lexicon of the fixture: fruit words (the shipped lexicon is a licensed list, only ever hashes).
const FRUIT_KEYS = encodeKeys(["banana", "green apple", "kiwi"].map(lexiconKey));
const FRUIT_CONFIG = { ...DEFAULT_CONFIG, lexicon: [{ category: "fruit", keys: FRUIT_KEYS }] };

test("featurizer fixture: normalize() and normalizedLength() identical to Python", () => {
  const failures = [];
  fixture.texts.forEach((text, i) => {
    if (normalize(text) !== fixture.normalized[i]) failures.push(`text ${i} (normalize)`);
    if (normalizedLength(text) !== fixture.normalized_length[i]) failures.push(`text ${i} (normalizedLength)`);
  });
  assert.deepEqual(failures, [], `${failures.length} differ of ${fixture.texts.length} texts`);
  const capped = fixture.normalized_length.filter(
    (n, i) => isTruncated(n) && [...fixture.normalized[i]].length <= MAX_CHARS,
  );
  assert.ok(capped.length > 0, "the fixture has texts longer than the cap once normalized");
});

for (const [s, setting] of fixture.settings.entries()) {
  const cfg = setting.featurizer;
  const name = `featurizer fixture ${s + 1} (${cfg.lexicon.map((l) => l.category)}, ${cfg.n_buckets} buckets)`;
  test(`${name}: ids and counts identical to Python`, () => {
    const failures = [];
    fixture.texts.forEach((text, i) => {
      const { ids, counts } = featurize(text, cfg);
      const want = setting.vectors[i];
      const ok =
        ids.length === want.ids.length &&
        want.ids.every((id, k) => ids[k] === BigInt(id)) &&
        want.counts.every((c, k) => counts[k] === c);
      if (!ok) failures.push(`text ${i}`);
    });
    assert.deepEqual(failures, [], `${failures.length} of ${fixture.texts.length} texts differ from Python`);
    // the fixture does exercise every special feature
    const specials = specialFeatures(cfg);
    specials.forEach((name, k) => {
      const id = cfg.n_buckets + k;
      assert.ok(setting.vectors.some((v) => v.ids.includes(id)), `no text of the fixture emits ${name}`);
    });
  });
}

test("special features: lexicon hits, placeholders and age cues after the buckets", () => {
  const cfg = featurizerConfig(FRUIT_CONFIG);
  assert.deepEqual(specialFeatures(cfg), ["lex_fruit", "age_minor", "age_adult"]);
  const [LEX, MINOR, ADULT] = [0, 1, 2].map((k) => BigInt(cfg.n_buckets + k));
  const count = (text, id) => {
    const { ids, counts } = featurize(text, cfg);
    const k = [...ids].indexOf(id);
    return k < 0 ? 0 : counts[k];
  };
  assert.equal(count("a banana and a green apple", LEX), 2);
  assert.equal(count("send a lexfruit pic lexfruit", LEX), 2);
  assert.equal(count("kiwis", LEX), 0);
  assert.equal(count("i'm 13", MINOR), 1);
  assert.equal(count("i am 13 years old", MINOR), 1); // one number, counted once
  assert.equal(count("turned 21", ADULT), 1);
  assert.equal(count("i am 15 minutes away", MINOR), 0);
  // version 3: an adult's height or weight is not a child's age
  assert.equal(count("im 6 foot", MINOR), 0);
  assert.equal(count("im 16 stone", MINOR), 0);
  assert.equal(count("i am 12 pound lighter", MINOR), 0);
  assert.equal(count("8th grade, year 9", MINOR), 2);
  // a placeholder leaves no n-grams: the text without it has the same buckets
  const strip = (ids) => [...ids].filter((id) => id < BigInt(cfg.n_buckets));
  assert.deepEqual(strip(featurize("send lexfruit now", cfg).ids), strip(featurize("send now", cfg).ids));
  // without a lexicon, "lexfruit" is a word like any other
  assert.ok(featurize("lexfruit").ids.every((id) => id < BigInt(DEFAULT_CONFIG.n_buckets + 2)));
  assert.deepEqual(ageCues("i am 13 and 8th grade"), [2, 0]);
});

test("lexicon keys: exact 64-bit keys, base64 of sorted little-endian uint64, bad data refused", () => {
  const utf8 = (s) => new TextEncoder().encode(s);
  const key = lexiconKey("kiwi");
  assert.equal(key >> 32n, BigInt(hashBytes(utf8("kiwi"), WORD_SEED)));
  assert.equal(key & 0xffffffffn, BigInt(hashBytes(utf8("kiwi"), LEXICON_SEED)));
  const { high, low } = decodeKeys(encodeKeys([lexiconKey("kiwi"), lexiconKey("banana"), lexiconKey("kiwi")]));
  const keys = [...high].map((h, i) => (BigInt(h) << 32n) | BigInt(low[i]));
  assert.deepEqual(keys, [lexiconKey("kiwi"), lexiconKey("banana")].sort((a, b) => (a < b ? -1 : 1)));
  assert.equal(decodeKeys("").high.length, 0);
  const le = (values) => btoa(String.fromCharCode(...values.flatMap((v) => [v, 0, 0, 0, 0, 0, 0, 0])));
  for (const bad of ["%%%", btoa("1234567"), le([5, 3]), le([3, 3]), "AAAAAAAAAAA"]) {
    assert.throws(() => decodeKeys(bad), RangeError, bad);
  }
  const lexicon = (category, keys = "") => ({ ...DEFAULT_CONFIG, lexicon: [{ category, keys }] });
  assert.throws(() => featurizerConfig(lexicon("Fruit")), /lowercase/);
  const twice = [
    { category: "a", keys: "" },
    { category: "a", keys: "" },
  ];
  assert.throws(() => featurizerConfig({ ...DEFAULT_CONFIG, lexicon: twice }), /distinct/);
  assert.throws(() => featurizerConfig(lexicon("fruit", "%%%")), /fruit.*base64/);
  assert.throws(() => featurizerConfig({ ...lexicon("fruit"), word_ngrams: [2, 3] }), /word 1- and 2-grams/);
  const unlisted = { ...lexicon("fruit"), special_features: ["age_minor", "age_adult"] };
  assert.throws(() => featurizerConfig(unlisted), /special_features/);
  const listed = ["lex_fruit", "age_minor", "age_adult"];
  assert.deepEqual(specialFeatures({ ...lexicon("fruit"), special_features: listed }), listed);
});

test("test vectors: normalized text, ids and counts identical to Python", (t) => {
  if (modelSkip(t)) return;
  const config = readJson(join(requireModel(), "manifest.json")).featurizer;
  const vectors = testVectors();
  assert.ok(vectors.length > 0);
  const failures = [];
  for (const [line, v] of vectors.entries()) {
    const normalized = normalize(v.text);
    const { ids, counts } = featurize(v.text, config);
    const ok =
      normalized === v.normalized &&
      ids.length === v.ids.length &&
      v.ids.every((id, i) => ids[i] === BigInt(id)) &&
      v.counts.every((c, i) => counts[i] === c);
    if (!ok) failures.push(`line ${line + 1} (text of ${[...v.text].length} code points)`);
  }
  assert.deepEqual(failures, [], `${failures.length} of ${vectors.length} vectors differ`);
});

test("every block of 1,024 code points normalizes as in Python", () => {
  const { block, hashes } = readJson(join(FIXTURES, "unicode_blocks.json"));
  const digest = (s) => createHash("sha256").update(s, "utf8").digest("hex").slice(0, 12);
  const failures = [];
  hashes.forEach((expected, b) => {
    const chars = [];
    for (let cp = b * block; cp < (b + 1) * block; cp++) chars.push(String.fromCodePoint(cp));
    const got = `${digest(normalize(chars.join("")))} ${digest(normalize(chars.map((c) => `a${c}`).join("")))}`;
    if (got !== expected) failures.push(`U+${(b * block).toString(16).toUpperCase().padStart(4, "0")}`);
  });
  assert.deepEqual(failures, [], `blocks starting at ${failures.join(", ")} differ from Python`);
});

test("edge cases of FEATURES.md", () => {
  assert.equal(normalize(""), "");
  assert.equal(normalize(" \t\n"), "");
  assert.equal(normalize("...!!!???"), "");
  assert.equal(featurize("").ids.length, 0);
  assert.equal(normalize("café"), "cafe");
  assert.equal(normalize("cafe\u0301"), "cafe");
  assert.equal(normalize("İ"), "i");
  assert.equal(normalize("straße"), "strasse");
  assert.equal(normalize("👨‍👩‍👧"), "👨 👩 👧");
  assert.equal(normalize("s3nd me a p1c"), "send me a pic");
  assert.equal(normalize("14yo gr8 l8r"), "14yo great later"); // not leetspeak; then shorthand
  assert.equal(normalize("s e n d me"), "send me");
  assert.equal(normalize("i am"), "i am");
  // version 4: each word spelled out with punctuation is joined on its own (step 3b), so words stay apart
  assert.equal(normalize("S.E.N.D m.e a p-i-c"), "send me a pic");
  assert.equal(normalize("S\u00b7E\u00b7N\u00b7D s*e*n*d 13 y/o"), "send send 13 yo");
  assert.equal(normalize("a.b.cd ab.c.d e"), "a b cd ab cde"); // not a whole run: step 3b leaves them
  assert.equal(normalize("s.e.\u200bn.d s.\u0435.n.d s.e\u0301.n.d"), "send send send"); // step 3 came first
  assert.equal(normalize("café.b.c \u0436a.b"), "cafe b c \u0436a b"); // a letter of any script is in the word
  assert.equal(normalize("13/f/ohio"), "13 f ohio");
  assert.equal(normalize("d.o.n't t.e.l.l, i.t\u2019s ok"), "do not tell its ok"); // an apostrophe ends a run
  assert.equal(normalize("sooooo"), "soo");
  assert.equal(normalize("don't"), "do not"); // "dont", then shorthand
  assert.equal(normalize("r u ok"), "are you ok");
  assert.equal(normalize("kk"), "ok");
  assert.equal(normalize("\ud800 lone surrogate"), "lone surrogate");
  assert.equal([...normalize("😀 ".repeat(20000))].length, 9999); // capped at 10,000 code points, trailing space cut
  assert.equal(normalize("a".repeat(100000)), "aa");
  // version 2: the whole text is normalized, then capped (zero-width padding does not hide the words)
  assert.equal(normalize(`${"\u200b".repeat(20000)}are u alone`), "are you alone");
  assert.equal(normalizedLength("ur ".repeat(6000)), 6000 * 5 - 1); // "your your ...", capped when scored
  assert.ok(isTruncated(normalizedLength("ur ".repeat(6000))));
  assert.equal(normalize("u u u"), "uu"); // spaced letters are joined first, then repeats squeezed
  assert.throws(() => normalize(42), TypeError);
});

test("hash: FNV-style over UTF-8 bytes, fmix32, unsigned 32-bit (values from Python's hash_bytes)", () => {
  const utf8 = (s) => new TextEncoder().encode(s);
  assert.equal(hashBytes(utf8(""), 0), 0);
  assert.equal(hashBytes(utf8(""), CHAR_SEED), 2462723854);
  assert.equal(hashBytes(utf8("héllo 😀"), CHAR_SEED), 2532062752);
  assert.equal(hashBytes(utf8("are you"), WORD_SEED), 1439441183);
});

test("featurizeBatch pads rows to [batch, width] with id 0, count 0", () => {
  const texts = ["are your parents home?", "", "ok"];
  const batch = featurizeBatch(texts);
  const rows = texts.map((t) => featurize(t));
  assert.equal(batch.batch, 3);
  assert.equal(batch.width, Math.max(...rows.map((r) => r.ids.length)));
  rows.forEach((r, i) => {
    const ids = batch.ids.subarray(i * batch.width, (i + 1) * batch.width);
    const counts = batch.counts.subarray(i * batch.width, (i + 1) * batch.width);
    assert.deepEqual([...ids.subarray(0, r.ids.length)], [...r.ids]);
    assert.deepEqual([...counts.subarray(0, r.counts.length)], [...r.counts]);
    assert.ok(ids.subarray(r.ids.length).every((x) => x === 0n));
    assert.ok(counts.subarray(r.counts.length).every((x) => x === 0));
  });
  assert.equal(featurizeBatch([""]).width, 1);
  assert.throws(() => featurizeBatch("text"), TypeError);
});

test("featurizer settings are validated like Python's FeaturizerConfig", () => {
  assert.equal(featurizerConfig(DEFAULT_CONFIG), DEFAULT_CONFIG);
  assert.throws(() => featurizerConfig({ ...DEFAULT_CONFIG, n_buckets: 1000 }), RangeError);
  assert.throws(() => featurizerConfig({ ...DEFAULT_CONFIG, char_ngrams: [3, 9] }), RangeError);
  assert.throws(() => featurizerConfig({ ...DEFAULT_CONFIG, version: 3 }), /version 4, the model needs 3/);
  const small = featurize("hello there", { ...DEFAULT_CONFIG, n_buckets: 16 });
  assert.ok(small.ids.every((id) => id >= 0n && id < 16n));
});
