import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { test } from "node:test";
import {
  CHAR_SEED,
  DEFAULT_CONFIG,
  featurize,
  featurizeBatch,
  featurizerConfig,
  hashBytes,
  normalize,
  WORD_SEED,
} from "../src/featurizer.js";
import { FIXTURES, readJson, requireModel, testVectors } from "./helpers.js";

test("test vectors: normalized text, ids and counts identical to Python", () => {
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
  assert.equal(normalize("14yo gr8 l8r"), "14yo gr8 l8r");
  assert.equal(normalize("s e n d me"), "send me");
  assert.equal(normalize("i am"), "i am");
  assert.equal(normalize("sooooo"), "soo");
  assert.equal(normalize("don't"), "dont");
  assert.equal(normalize("\ud800 lone surrogate"), "lone surrogate");
  assert.equal([...normalize("😀 ".repeat(20000))].length, 9999); // capped at 10,000 code points, trailing space cut
  assert.equal(normalize("a".repeat(100000)), "aa");
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
  assert.throws(() => featurizerConfig({ ...DEFAULT_CONFIG, version: 2 }), /version 1/);
  const small = featurize("hello there", { ...DEFAULT_CONFIG, n_buckets: 16 });
  assert.ok(small.ids.every((id) => id >= 0n && id < 16n));
});
