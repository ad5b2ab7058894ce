// model.js refuses what Python's runtime/model_file.py refuses, with the same reasons: every manifest setting is
// checked against the checksummed .onnx metadata (tests/runtime/test_model_file.py has the Python twins).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ModelError, Scorer } from "../src/index.js";
import {
  FORMAT_VERSION,
  checkManifest,
  checkSettings,
  checkThresholds,
  onnxMetadata,
  verifyModel,
} from "../src/model.js";
import { modelOptions, readJson, requireModel } from "./helpers.js";

const DISAGREES = "disagrees with the model file's own (checksummed) metadata";

/** What Scorer.fromBytes checks before it opens a session (no onnxruntime needed). */
async function load(manifest, bytes) {
  checkManifest(manifest, "model/manifest.json");
  return verifyModel(manifest, bytes, "model/groomguard.onnx", "model/manifest.json");
}

function varint(n) {
  const out = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

/** `bytes` with its metadata_props replaced by `metadata` (a model exported wrongly, not a tampered one). */
function withMetadata(bytes, metadata) {
  const parts = [];
  let pos = 0;
  const read = () => {
    let value = 0;
    for (let scale = 1; ; scale *= 0x80) {
      const b = bytes[pos++];
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
    }
  };
  while (pos < bytes.length) {
    const start = pos;
    const key = read();
    const wire = key % 8;
    if (wire === 0) read();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else {
      const length = read(); // before adding: `pos += read()` would add to the position before the length
      pos += length;
    }
    if (Math.floor(key / 8) !== 14) parts.push(bytes.subarray(start, pos));
  }
  const utf8 = new TextEncoder();
  for (const key of Object.keys(metadata).sort()) {
    const k = utf8.encode(key);
    const v = utf8.encode(metadata[key]);
    const entry = [0x0a, ...varint(k.length), ...k, 0x12, ...varint(v.length), ...v];
    parts.push(Uint8Array.from([0x72, ...varint(entry.length), ...entry]));
  }
  return Buffer.concat(parts);
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

describe("model.js checks every manifest setting against the .onnx metadata", modelOptions(), () => {
  let manifest;
  let bytes;
  let metadata;
  before(() => {
    const dir = requireModel();
    manifest = readJson(join(dir, "manifest.json"));
    bytes = new Uint8Array(readFileSync(join(dir, manifest.onnx_file)));
    metadata = onnxMetadata(bytes);
  });

  /** The model re-exported with edited metadata: a manifest (with the new sha256) and bytes that agree on it. */
  function resigned(edit) {
    const edited = { ...metadata };
    edit(edited);
    const data = withMetadata(bytes, edited);
    return { manifest: { ...structuredClone(manifest), sha256: sha256(data) }, bytes: data };
  }

  test("the unchanged model loads; model_version stored as a plain string is accepted", async () => {
    const found = await load(structuredClone(manifest), bytes);
    assert.equal(found.model_version, manifest.model_version);
    assert.deepEqual(onnxMetadata(withMetadata(bytes, metadata)), metadata); // the test's own rewriter
  });

  const edits = [
    [(m) => (m.thresholds.message.grooming_risk.balanced = 1.5), "thresholds.message.grooming_risk.balanced"],
    [(m) => (m.thresholds.message.grooming_risk.balanced = Number.NaN), "grooming_risk.balanced: NaN"],
    [(m) => (m.thresholds.conversation.balanced = "high"), "thresholds.conversation.balanced"],
    [(m) => (m.thresholds.context.balanced = 0.1), "thresholds.context.balanced"],
    [(m) => (m.thresholds.message.secrecy.high_recall = null), "secrecy.high_recall"],
    [(m) => (m.featurizer.char_ngrams = [2, 4]), "featurizer.char_ngrams[0]: 2 in the manifest, 3"],
    [(m) => (m.featurizer.n_buckets = 1 << 16), "featurizer.n_buckets"],
    [(m) => (m.model_version = "9.9.9"), 'model_version: "9.9.9" in the manifest'],
    [(m) => (m.conversation.sum_cap = 50), "conversation_constants.sum_cap"],
    [(m) => (m.conversation.features = m.conversation.features.slice(1)), "conversation_features"],
    // a setting this runtime does not know yet (another featurizer version's lexicon, say) is compared too
    [(m) => (m.featurizer.lexicon_sha256 = "00ff"), "featurizer.lexicon_sha256 is only in the manifest"],
    [(m) => (m.format_version = String(FORMAT_VERSION)), `format_version "${FORMAT_VERSION}" is not supported`],
    [(m) => (m.labels = [...m.labels].reverse()), "labels[0]"],
    [(m) => (m.train_config.C = 1), "train_config.C"],
  ];
  for (const [edit, names] of edits) {
    test(`a manifest edited against its .onnx is refused: ${names}`, async () => {
      const edited = structuredClone(manifest);
      edit(edited);
      await assert.rejects(load(edited, bytes), (err) => {
        assert.ok(err instanceof ModelError, err);
        assert.ok(err.message.includes(names), err.message);
        if (!names.includes("not supported")) {
          assert.ok(err.message.includes(DISAGREES) && err.message.startsWith("model/groomguard.onnx: "));
        }
        return true;
      });
    });
  }

  test("an unknown format_version in the manifest is refused before anything else", () => {
    assert.throws(
      () => checkManifest({ ...manifest, format_version: FORMAT_VERSION + 1 }, "m.json"),
      new RegExp(
        `m\\.json: format_version ${FORMAT_VERSION + 1} is not supported; ` +
          `this runtime reads format_version ${FORMAT_VERSION}`,
      ),
    );
  });

  test("an unknown format_version in the metadata is refused, even with a manifest that agrees", async () => {
    const model = resigned((md) => (md.format_version = String(FORMAT_VERSION + 1)));
    const expected = new RegExp(
      `format_version: ${FORMAT_VERSION} in the manifest, ${FORMAT_VERSION + 1} in the ONNX metadata`,
    );
    await assert.rejects(load(model.manifest, model.bytes), expected);
  });

  test("a model of format 4 (48 conversation features) is refused, even with metadata that agrees", async () => {
    assert.equal(FORMAT_VERSION, 5);
    const model = resigned((md) => {
      md.format_version = "4";
      md.conversation_features = JSON.stringify(JSON.parse(md.conversation_features).slice(0, 48));
    });
    model.manifest.format_version = 4;
    model.manifest.conversation.features = model.manifest.conversation.features.slice(0, 48);
    await assert.rejects(load(model.manifest, model.bytes), (err) => {
      assert.ok(err instanceof ModelError, err);
      assert.ok(err.message.startsWith("model/manifest.json: format_version 4 is not supported"), err.message);
      assert.ok(err.message.includes("this runtime reads format_version 5"), err.message);
      return true;
    });
  });

  test("a manifest without context thresholds is refused, whether or not the metadata has them", async () => {
    const edited = structuredClone(manifest);
    delete edited.thresholds.context;
    await assert.rejects(load(edited, bytes), /thresholds\.context is only in the ONNX metadata/);
    const model = resigned((md) => {
      const thresholds = JSON.parse(md.thresholds);
      delete thresholds.context;
      md.thresholds = JSON.stringify(thresholds);
    });
    delete model.manifest.thresholds.context;
    await assert.rejects(load(model.manifest, model.bytes), /model\/manifest\.json: no context thresholds/);
  });

  for (const bad of [1.5, -0.1, "0.7", null]) {
    test(`a context threshold of ${JSON.stringify(bad)} is refused even when manifest and metadata agree`, async () => {
      const edit = (thresholds) => {
        thresholds.context.high_recall = bad;
        return thresholds;
      };
      const model = resigned((md) => (md.thresholds = JSON.stringify(edit(JSON.parse(md.thresholds)))));
      edit(model.manifest.thresholds);
      await assert.rejects(
        load(model.manifest, model.bytes),
        /model\/manifest\.json: threshold context\.high_recall must be a number between 0 and 1/,
      );
    });
  }

  test("a setting only in the .onnx metadata is refused", async () => {
    const model = resigned((md) => {
      const featurizer = JSON.parse(md.featurizer);
      featurizer.made_up_setting = ["0123456789abcdef"];
      md.featurizer = JSON.stringify(featurizer);
    });
    await assert.rejects(load(model.manifest, model.bytes), /featurizer\.made_up_setting is only in the ONNX metadata/);
  });

  for (const key of ["thresholds", "featurizer", "model_version", "labels", "format_version"]) {
    test(`.onnx metadata without '${key}', a setting the runtime uses, is refused`, async () => {
      const model = resigned((md) => delete md[key]);
      await assert.rejects(load(model.manifest, model.bytes), (err) => {
        assert.ok(err instanceof ModelError);
        assert.ok(err.message.includes(`the ONNX metadata has no '${key}', so the manifest's cannot be verified`));
        return true;
      });
    });
  }

  for (const bad of [1.5, -0.1, "0.5", true, null]) {
    test(`a threshold of ${JSON.stringify(bad)} is refused even when manifest and metadata agree`, async () => {
      const edit = (thresholds) => {
        thresholds.message.grooming_risk.balanced = bad;
        return thresholds;
      };
      const model = resigned((md) => (md.thresholds = JSON.stringify(edit(JSON.parse(md.thresholds)))));
      edit(model.manifest.thresholds);
      await assert.rejects(
        load(model.manifest, model.bytes),
        /model\/manifest\.json: threshold message\.grooming_risk\.balanced must be a number between 0 and 1/,
      );
    });
  }

  test("an empty model_version is refused even when manifest and metadata agree", async () => {
    const model = resigned((md) => (md.model_version = " "));
    model.manifest.model_version = " ";
    await assert.rejects(load(model.manifest, model.bytes), /model_version must be a non-empty string, found " "/);
  });

  test("labels that are not a list of strings are refused with a message, not a TypeError", () => {
    for (const labels of ["grooming_risk", ["grooming_risk", 3], null]) {
      const expected = /m\.json: labels must be a list of strings/;
      assert.throws(() => checkManifest({ ...manifest, labels }, "m.json"), expected);
    }
  });

  test("a truncated .onnx whose checksum matches is not a readable ONNX model", async () => {
    const data = bytes.subarray(0, 1000);
    await assert.rejects(load({ ...manifest, sha256: sha256(data) }, data), /not a readable ONNX model/);
  });

  test("Scorer.load names the .onnx file in a disagreement", async () => {
    const dir = mkdtempSync(join(tmpdir(), "groomguard-js-"));
    try {
      const edited = structuredClone(manifest);
      edited.thresholds.message.grooming_risk.balanced = 1.5;
      writeFileSync(join(dir, "manifest.json"), JSON.stringify(edited));
      writeFileSync(join(dir, manifest.onnx_file), bytes);
      await assert.rejects(Scorer.load(dir), (err) => {
        assert.ok(err instanceof ModelError);
        assert.ok(err.message.startsWith(`${join(dir, manifest.onnx_file)}: the manifest ${DISAGREES}`), err.message);
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("checkSettings and checkThresholds on their own (no model needed)", () => {
  const where = "x.onnx";
  test("numbers compare by value, plain strings as stored, keys both ways", () => {
    checkSettings({ a: 1, s: "v", t: { x: [1, 2.5] } }, { a: "1.0", s: "v", t: '{"x": [1, 2.5]}' }, where);
    assert.throws(() => checkSettings({ t: { x: 1 } }, { t: '{"x": 1, "y": 2}' }, where), /t\.y is only in the ONNX/);
    assert.throws(() => checkSettings({ t: { x: 1, y: 2 } }, { t: '{"x": 1}' }, where), /t\.y is only in the manifest/);
    assert.throws(() => checkSettings({ b: true }, { b: "1" }, where), /b: true in the manifest, 1 in the ONNX/);
    assert.throws(() => checkSettings({ l: [1, 2] }, { l: "[1, 2, 3]" }, where), /l: \[1,2\] in the manifest/);
    checkSettings({ only_in_manifest: 1 }, {}, where); // not a setting the runtime reads: not required
  });

  test("thresholds: an object per label with every preset, conversation and context thresholds", () => {
    const ok = { high_precision: 0.9, balanced: 0.5, high_recall: 0.1 };
    checkThresholds({ message: { a: ok }, conversation: ok, context: ok }, ["a"]);
    assert.throws(() => checkThresholds([], ["a"], "m"), /m: thresholds must be an object with 'message'/);
    const noLabel = { message: {}, conversation: ok, context: ok };
    assert.throws(() => checkThresholds(noLabel, ["a"]), /no message thresholds for label 'a'/);
    assert.throws(() => checkThresholds({ message: { a: ok }, context: ok }, ["a"]), /no conversation thresholds/);
    assert.throws(() => checkThresholds({ message: { a: ok }, conversation: ok }, ["a"]), /no context thresholds/);
    const badContext = { message: { a: ok }, conversation: ok, context: { ...ok, high_recall: 2 } };
    assert.throws(() => checkThresholds(badContext, ["a"]), /threshold context\.high_recall/);
    const missing = { message: { a: { balanced: 0.5 } }, conversation: ok, context: ok };
    assert.throws(() => checkThresholds(missing, ["a"]), /threshold message\.a\.high_precision .* found null/);
  });
});
