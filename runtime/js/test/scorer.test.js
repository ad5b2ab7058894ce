import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { N_FEATURES } from "../src/conversation.js";
import { ModelError, Scorer } from "../src/index.js";
import { onnxMetadata } from "../src/model.js";
import {
  BACKENDS,
  FIXTURES,
  MODEL_DIR,
  modelOptions,
  readJson,
  requireModel,
  scoreLabels,
  testVectors,
} from "./helpers.js";

const TOLERANCE = 1e-6;
// test_vectors.jsonl rounds window logits to 6 decimals, and a logit of about 10 is a float32 with an ulp near 1e-6
const WINDOW_TOLERANCE = 1e-5;

const CONTEXT_FIXTURE = join(FIXTURES, "context.json");
const contextFixture = existsSync(CONTEXT_FIXTURE) ? readJson(CONTEXT_FIXTURE) : null;
/** context.json pins one model's conversation and context heads (Python's, keyed by its sha256), as monitor.json. */
function contextOptions() {
  const options = modelOptions();
  if (options.skip) return options;
  if (contextFixture === null || contextFixture.model_sha256 !== readJson(join(MODEL_DIR, "manifest.json")).sha256) {
    return {
      skip:
        "test/fixtures/context.json was not made for this model: re-run " +
        ".venv/bin/python runtime/js/tools/gen_fixtures.py --model <model dir> from the repository root",
    };
  }
  return {};
}

/** The largest |got[i] - want[i]|, after checking the lengths agree. */
function worstDiff(got, want) {
  assert.equal(got.length, want.length);
  return Math.max(...Array.from(got, (g, i) => Math.abs(g - want[i])));
}

function maxDiff(score, expected) {
  const got = scoreLabels(score);
  assert.deepEqual(Object.keys(got).sort(), Object.keys(expected).sort());
  return Math.max(...Object.entries(expected).map(([label, p]) => Math.abs(got[label] - p)));
}

for (const backend of BACKENDS) {
  describe(`Scorer on onnxruntime-${backend}`, modelOptions(), () => {
    let scorer;
    let vectors;
    before(async () => {
      vectors = testVectors();
      scorer = await Scorer.load(requireModel(), { backend });
    });
    after(async () => scorer?.release());

    test("score(): every test vector within 1e-6", async () => {
      let worst = 0;
      for (const v of vectors) worst = Math.max(worst, maxDiff(await scorer.score(v.text), v.scores));
      assert.ok(worst <= TOLERANCE, `max |diff| ${worst}`);
    });

    test("scoreBatch(): every test vector within 1e-6, in input order", async () => {
      const scores = await scorer.scoreBatch(vectors.map((v) => v.text));
      assert.equal(scores.length, vectors.length);
      const worst = Math.max(...scores.map((s, i) => maxDiff(s, vectors[i].scores)));
      assert.ok(worst <= TOLERANCE, `max |diff| ${worst}`);
    });

    test("probabilities(texts, { window: true }): the window logit after the labels, as Python", async () => {
      const texts = vectors.map((v) => v.text);
      const plain = await scorer.probabilities(texts);
      const rows = await scorer.probabilities(texts, { window: true });
      const n = scorer.labels.length;
      assert.equal(scorer.windowIndex.window_logit, n);
      let worst = 0;
      rows.forEach((row, i) => {
        assert.equal(row.length, n + 1);
        assert.deepEqual([...row.subarray(0, n)], [...plain[i]]);
        assert.equal(typeof vectors[i].window_logit, "number", "test vectors of format 2 carry window_logit");
        worst = Math.max(worst, Math.abs(row[n] - vectors[i].window_logit));
      });
      assert.ok(worst <= WINDOW_TOLERANCE, `max |diff| ${worst}`);
      assert.deepEqual(await scorer.probabilities([], { window: true }), []);
    });

    test("flagged uses the preset's grooming_risk threshold; labels come from the manifest by name", async () => {
      const manifest = readJson(join(requireModel(), "manifest.json"));
      assert.equal(scorer.threshold, manifest.thresholds.message.grooming_risk.balanced);
      assert.deepEqual(scorer.labels, manifest.labels);
      const score = await scorer.score("are your parents home?");
      assert.equal(score.flagged, score.risk >= scorer.threshold);
      assert.ok(!("grooming_risk" in score.labels));
      const strict = await Scorer.load(requireModel(), { backend, preset: "high_precision", threshold: 0 });
      assert.equal((await strict.score("")).flagged, true);
      await strict.release();
    });

    test("conversationAndContext(): conversationRisk's head, and a context risk rising with the message's", async () => {
      const n = 4;
      const features = new Float32Array(n * N_FEATURES).map((_, i) => ((i * 7919) % 101) / 100);
      const own = [0, 0.2, 0.7, 1];
      const [conv, context] = await scorer.conversationAndContext(features, own);
      assert.deepEqual(Array.from(await scorer.conversationRisk(features)), Array.from(conv));
      assert.equal(context.length, n);
      // a riskier message never lowers its risk in the same context (the head's weights are >= 0)
      const same = new Float32Array(n * N_FEATURES);
      for (let i = 0; i < n; i++) same.set(features.subarray(0, N_FEATURES), i * N_FEATURES);
      const [, rising] = await scorer.conversationAndContext(same, own);
      for (let i = 1; i < n; i++) assert.ok(rising[i] >= rising[i - 1], `${rising}`);
      await assert.rejects(scorer.conversationAndContext(features, [0.5]), RangeError);
      const manifest = readJson(join(requireModel(), "manifest.json"));
      assert.equal(scorer.contextThreshold("balanced"), manifest.thresholds.context.balanced);
    });

    test("conversationRisk() and conversationAndContext(): Python's values within 1e-6", contextOptions(), async () => {
      const { features, message_risk: messageRisk } = contextFixture;
      const n = features.length;
      const flat = Float32Array.from(features.flat());
      const [wantConv, wantContext] = contextFixture.conversation_and_context;
      const [conv, context] = await scorer.conversationAndContext(flat, messageRisk);
      assert.ok(worstDiff(conv, wantConv) <= TOLERANCE, `conversation risk: max |diff| ${worstDiff(conv, wantConv)}`);
      const worst = worstDiff(context, wantContext);
      assert.ok(worst <= TOLERANCE, `context risk: max |diff| ${worst}`);
      const alone = await scorer.conversationRisk(flat, n);
      assert.ok(worstDiff(alone, contextFixture.conversation_risk) <= TOLERANCE);
      // one row at a time: the heads are row-wise
      for (const i of [0, 1, 2, 3, 4, n - 1]) {
        const [[c], [x]] = await scorer.conversationAndContext(Float32Array.from(features[i]), [messageRisk[i]]);
        assert.ok(Math.abs(c - wantConv[i]) <= TOLERANCE && Math.abs(x - wantContext[i]) <= TOLERANCE, `row ${i}`);
      }
    });

    test("concurrent calls, empty batches and wrong types", async () => {
      const texts = vectors.slice(0, 40).map((v) => v.text);
      const together = Promise.all(texts.map((t) => scorer.score(t)));
      const one = await scorer.score(texts[5]);
      assert.ok(maxDiff((await together)[5], scoreLabels(one)) <= TOLERANCE);
      assert.deepEqual(await scorer.scoreBatch([]), []);
      await assert.rejects(scorer.score(null), TypeError);
      await assert.rejects(scorer.scoreBatch("one text"), TypeError);
      await assert.rejects(scorer.scoreBatch(["ok", 3]), TypeError);
    });
  });
}

describe("model loading refuses bad models", modelOptions(), () => {
  let dir;
  before(() => {
    const model = requireModel();
    dir = mkdtempSync(join(tmpdir(), "groomguard-js-"));
    const manifest = readJson(join(model, "manifest.json"));
    for (const name of ["manifest.json", manifest.onnx_file]) copyFileSync(join(model, name), join(dir, name));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("an .onnx whose sha256 differs from the manifest's", async () => {
    const manifest = readJson(join(dir, "manifest.json"));
    const onnx = join(dir, manifest.onnx_file);
    const bytes = readFileSync(onnx);
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(onnx, bytes);
    await assert.rejects(Scorer.load(dir), (err) => err instanceof ModelError && /sha256 mismatch/.test(err.message));
  });

  test("the ONNX file's own metadata is read and agrees with the manifest", () => {
    const manifest = readJson(join(requireModel(), "manifest.json"));
    const metadata = onnxMetadata(readFileSync(join(requireModel(), manifest.onnx_file)));
    assert.deepEqual(JSON.parse(metadata.labels), manifest.labels);
    assert.equal(metadata.format_version, String(manifest.format_version));
    assert.throws(() => onnxMetadata(Uint8Array.from([0x0a, 0x05, 0x01])), ModelError);
  });

  test("an unknown format_version or featurizer version, a missing directory", async () => {
    const manifest = readJson(join(requireModel(), "manifest.json"));
    const bytes = readFileSync(join(requireModel(), manifest.onnx_file));
    await assert.rejects(Scorer.fromBytes({ ...manifest, format_version: 1 }, bytes), /format_version 1/);
    const featurizer = { ...manifest.featurizer, version: 1 };
    await assert.rejects(Scorer.fromBytes({ ...manifest, featurizer }, bytes), /featurizer settings not usable/);
    await assert.rejects(Scorer.fromBytes({ ...manifest, labels: ["grooming_risk"] }, bytes), /minor_signal/);
    await assert.rejects(Scorer.load(join(dir, "nowhere")), /no such model/);
    await assert.rejects(Scorer.load(requireModel(), { backend: "gpu" }), RangeError);
  });

  test("threshold and preset arguments are checked as in Python", async () => {
    for (const bad of ["0.5", true]) await assert.rejects(Scorer.load(requireModel(), { threshold: bad }), TypeError);
    for (const bad of [1.5, -0.1, Number.NaN]) {
      await assert.rejects(Scorer.load(requireModel(), { threshold: bad }), RangeError);
    }
    const scorer = await Scorer.load(requireModel());
    try {
      assert.throws(() => scorer.messageThreshold("grooming_risk", "nope"), RangeError);
      assert.throws(() => scorer.messageThreshold("nope"), /no label nope/);
      assert.throws(() => scorer.conversationThreshold("nope"), RangeError);
      assert.throws(() => scorer.contextThreshold("nope"), RangeError);
      assert.equal(scorer.messageThreshold("grooming_risk"), scorer.threshold);
    } finally {
      await scorer.release();
    }
  });
});
