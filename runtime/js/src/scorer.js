// Score messages with the model: a port of runtime/scorer.py on onnxruntime-node or onnxruntime-web (wasm).
//
//   const scorer = await Scorer.load("model");                // Node; { backend: "web" } for the wasm runtime
//   const { risk, labels, flagged } = await scorer.score("are your parents home?");
//
// Any string is valid input; anything else throws TypeError. No network, no logging of text.

import { N_FEATURES, WINDOW_COLUMN } from "./conversation.js";
import { featurize, featurizeNormalized, normalize, padRows, typeName } from "./featurizer.js";
import { checkManifest, isNode, ModelError, PRESETS, readModelDir, verifyModel } from "./model.js";

export { PRESETS };
export const RISK = "grooming_risk";
/** Rows per onnxruntime call in a large batch, and the largest padded [rows x width] block sent at once. */
const CHUNK = 256;
const PAD_BUDGET = 1 << 20;

/**
 * Environment variables onnxruntime reads as "telemetry off" when it creates its environment: ORT_DISABLE_TELEMETRY
 * (the native releases 1.29-1.32) and ORT_TELEMETRY_DISABLED (later sources). onnxruntime-node's native library
 * sends telemetry by default on Linux and macOS since 1.29; onnxruntime-web (wasm) has none. Set to "1" whatever
 * their previous value, before onnxruntime-node is imported and before every session is created (they are read
 * from the real process environment, which Node's process.env writes through to).
 */
export const TELEMETRY_SWITCHES = Object.freeze({ ORT_DISABLE_TELEMETRY: "1", ORT_TELEMETRY_DISABLED: "1" });

/** Turns onnxruntime's telemetry off for this process (a no-op outside Node, where there is no native runtime). */
export function switchOffTelemetry() {
  if (!isNode()) return false;
  for (const [name, value] of Object.entries(TELEMETRY_SWITCHES)) process.env[name] = value;
  return true;
}

async function loadOrt(backend, wasmThreads) {
  let mod;
  switchOffTelemetry();
  if (backend === "node") mod = await import(/* webpackIgnore: true */ /* @vite-ignore */ "onnxruntime-node");
  else if (backend === "web") mod = await import("onnxruntime-web");
  else throw new RangeError(`backend must be "node" or "web", got ${JSON.stringify(backend)}`);
  const ort = mod.InferenceSession ? mod : mod.default;
  if (backend === "web" && ort.env?.wasm) ort.env.wasm.numThreads = wasmThreads; // read when wasm first starts
  return ort;
}

/** Plain numbers from an output tensor's data (int64 outputs come back as BigInt64Array). */
function toNumbers(data) {
  return data instanceof BigInt64Array || data instanceof BigUint64Array ? Float64Array.from(data, Number) : data;
}

/** RangeError unless `preset` is one of PRESETS. */
export function checkPreset(preset) {
  if (!PRESETS.includes(preset)) throw new RangeError(`preset must be one of ${PRESETS.join(", ")}, got ${preset}`);
}

/**
 * TypeError unless `threshold` is null or a number (not a string or boolean), RangeError unless it is between 0 and
 * 1 (NaN is not): the Scorer's and the ConversationMonitor's threshold alike, as in Python.
 */
export function checkThreshold(threshold) {
  if (threshold === null) return;
  if (typeof threshold !== "number") {
    throw new TypeError(`threshold must be a number between 0 and 1, not ${typeName(threshold)}`);
  }
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`threshold must be between 0 and 1, got ${threshold}`);
}

/** The manifest's threshold of `preset` in `table` (an object of presets), or an error naming what is unknown. */
function presetThreshold(table, preset, what) {
  checkPreset(preset);
  if (table === undefined) throw new RangeError(`the model has no ${what} thresholds`);
  return Number(table[preset]);
}

function checkText(text) {
  if (typeof text !== "string") throw new TypeError(`messages must be strings, not ${typeName(text)}`);
}

export class Scorer {
  /**
   * Reads and verifies a model directory (or its manifest.json / .onnx) and opens an onnxruntime session (Node).
   * options: backend ("node", the default in Node, or "web"); preset ("high_precision" | "balanced" |
   * "high_recall"); threshold (a fixed grooming_risk threshold overriding the preset); wasmThreads (web backend,
   * default 1); ort (an already imported onnxruntime module to use instead of importing one).
   */
  static async load(modelDir, options = {}) {
    const { manifest, bytes, manifestPath, onnxPath } = await readModelDir(modelDir);
    return Scorer.fromBytes(manifest, bytes, { ...options, onnxName: onnxPath, manifestName: manifestPath });
  }

  /** Like load(), from a parsed manifest.json and the .onnx bytes (for browsers and bundled apps). */
  static async fromBytes(manifest, onnxBytes, options = {}) {
    const { preset = "balanced", threshold = null, wasmThreads = 1, onnxName, manifestName } = options;
    const backend = options.backend ?? (isNode() ? "node" : "web");
    checkPreset(preset);
    checkThreshold(threshold);
    const config = checkManifest(manifest, manifestName);
    const bytes = onnxBytes instanceof Uint8Array ? onnxBytes : new Uint8Array(onnxBytes);
    await verifyModel(manifest, bytes, onnxName ?? manifest.onnx_file, manifestName);
    const ort = options.ort ?? (await loadOrt(backend, wasmThreads));
    switchOffTelemetry(); // also when the caller passed its own onnxruntime module: before any session exists
    let session;
    try {
      session = await ort.InferenceSession.create(bytes, {
        executionProviders: [backend === "web" ? "wasm" : "cpu"],
        intraOpNumThreads: 1,
        interOpNumThreads: 1,
        logSeverityLevel: 3,
      });
    } catch (err) {
      throw new ModelError(`${onnxName ?? manifest.onnx_file}: onnxruntime cannot load it: ${err.message}`);
    }
    for (const name of ["ids", "counts", "conv_features", "message_risk"]) {
      if (!session.inputNames.includes(name)) throw new ModelError(`the ONNX graph has no input '${name}'`);
    }
    for (const name of ["probabilities", "window_logit", "conversation_risk", "context_risk"]) {
      if (!session.outputNames.includes(name)) throw new ModelError(`the ONNX graph has no output '${name}'`);
    }
    return new Scorer({ ort, session, manifest, config, backend, preset, threshold });
  }

  /** Use Scorer.load() or Scorer.fromBytes(). */
  constructor({ ort, session, manifest, config, backend, preset, threshold }) {
    this.ort = ort;
    this.session = session;
    this.manifest = manifest;
    this.featurizerConfig = config;
    this.backend = backend;
    this.preset = preset;
    this.labels = Object.freeze([...manifest.labels]);
    this.labelIndex = Object.freeze(Object.fromEntries(this.labels.map((label, j) => [label, j])));
    this._risk = this.labelIndex[RISK];
    this._others = this.labels.filter((label) => label !== RISK).map((label) => [label, this.labelIndex[label]]);
    this.threshold = threshold !== null ? Number(threshold) : this.messageThreshold(RISK, preset);
    // Empty conversation inputs when scoring messages: the graph skips its conversation heads then (an If on
    // "message_risk has rows"; training/graph.py). A graph exported before that computes them on no rows, with the
    // same message outputs.
    this._noConv = new ort.Tensor("float32", new Float32Array(0), [0, N_FEATURES]);
    this._noMessage = new ort.Tensor("float32", new Float32Array(0), [0, 1]);
    this._queue = Promise.resolve(); // one run at a time per session (onnxruntime-web does not allow concurrent runs)
  }

  get modelVersion() {
    return String(this.manifest.model_version);
  }

  messageThreshold(label, preset = "balanced") {
    if (!Object.hasOwn(this.manifest.thresholds.message, label)) {
      throw new RangeError(`no label ${label} in this model: ${this.labels.join(", ")}`);
    }
    return presetThreshold(this.manifest.thresholds.message[label], preset, `${label} message`);
  }

  conversationThreshold(preset = "balanced") {
    return presetThreshold(this.manifest.thresholds.conversation, preset, "conversation");
  }

  /** The preset's threshold on a message's risk in its conversation (conversationAndContext). */
  contextThreshold(preset = "balanced") {
    return presetThreshold(this.manifest.thresholds.context, preset, "context");
  }

  /** `labelIndex` plus the window logit's column in `probabilities(texts, { window: true })`. */
  get windowIndex() {
    return { ...this.labelIndex, [WINDOW_COLUMN]: this.labels.length };
  }

  /** Runs the graph on feeds; returns a copy of each named output's data as numbers. */
  _run(feeds, outputs) {
    const run = this._queue.then(async () => {
      const result = await this.session.run(feeds, outputs);
      return outputs.map((name) => toNumbers(result[name].data).slice());
    });
    this._queue = run.catch(() => {});
    return run;
  }

  async _probabilities(ids, counts, batch, width, window = false) {
    const { Tensor } = this.ort;
    const [data, logits] = await this._run(
      {
        ids: new Tensor("int64", ids, [batch, width]),
        counts: new Tensor("float32", counts, [batch, width]),
        conv_features: this._noConv,
        message_risk: this._noMessage,
      },
      window ? ["probabilities", "window_logit"] : ["probabilities"],
    );
    const n = this.labels.length;
    if (data.length !== batch * n) {
      throw new ModelError(`the graph returned ${data.length} probabilities, expected ${batch * n}`);
    }
    if (!window) return Array.from({ length: batch }, (_, i) => data.subarray(i * n, (i + 1) * n));
    if (logits.length !== batch) throw new ModelError(`the graph returned ${logits.length} window logits for ${batch}`);
    return Array.from({ length: batch }, (_, i) => {
      const row = new Float32Array(n + 1);
      row.set(data.subarray(i * n, (i + 1) * n));
      row[n] = logits[i];
      return row;
    });
  }

  /**
   * Rows (Float32Array, in the model's label order `this.labels`) of probabilities for each text. With
   * `{ window: true }` each row has one more column, the message's window logit (the window head's contribution,
   * which ConversationMonitor averages over a conversation's recent messages); `windowIndex` names it.
   */
  async probabilities(texts, { window = false } = {}) {
    if (!Array.isArray(texts)) {
      throw new TypeError(`probabilities() takes an array of strings, not ${typeName(texts)}; score() takes one`);
    }
    texts.forEach(checkText);
    if (texts.length === 0) return [];
    const rows = texts.map((t) => featurizeNormalized(normalize(t), this.featurizerConfig));
    const lengths = rows.map((r) => r.ids.length);
    const widest = Math.max(1, lengths.reduce((a, b) => Math.max(a, b), 0));
    if (texts.length <= CHUNK && widest * texts.length <= PAD_BUDGET) {
      const p = padRows(rows);
      return this._probabilities(p.ids, p.counts, p.batch, p.width, window);
    }
    // Rows sorted by width and scored in chunks, so that padding follows the widest row of a chunk, not of the batch.
    const order = lengths.map((_, i) => i).sort((a, b) => lengths[a] - lengths[b] || a - b);
    const out = new Array(texts.length);
    let start = 0;
    while (start < order.length) {
      let stop = Math.min(start + CHUNK, order.length);
      while (stop - start > 1 && Math.max(lengths[order[stop - 1]], 1) * (stop - start) > PAD_BUDGET) {
        stop = start + Math.max(1, Math.floor((stop - start) / 2));
      }
      const chunk = order.slice(start, stop);
      const p = padRows(chunk.map((i) => rows[i]));
      const probs = await this._probabilities(p.ids, p.counts, p.batch, p.width, window);
      chunk.forEach((i, j) => {
        out[i] = probs[j];
      });
      start = stop;
    }
    return out;
  }

  /** `{risk, labels, flagged}` for one message: risk is grooming_risk, labels the other labels' probabilities. */
  async score(text) {
    checkText(text);
    let { ids, counts } = featurize(text, this.featurizerConfig);
    if (ids.length === 0) {
      // the graph takes a width of at least 1; padding is id 0 with count 0
      ids = new BigInt64Array(1);
      counts = new Float32Array(1);
    }
    const [row] = await this._probabilities(ids, counts, 1, ids.length);
    return this.toScore(row);
  }

  async scoreBatch(texts) {
    return (await this.probabilities(texts)).map((row) => this.toScore(row));
  }

  /** A score from one row of probabilities(). */
  toScore(row) {
    const risk = row[this._risk];
    const labels = {};
    for (const [label, j] of this._others) labels[label] = row[j];
    return { risk, labels, flagged: risk >= this.threshold };
  }

  /** Float32Array [n]: the conversation head on `n` rows of conversationFeatures() (a flat Float32Array). */
  async conversationRisk(features, n = features.length / N_FEATURES) {
    const [conv] = await this._conversation(features, n, new Float32Array(n), ["conversation_risk"]);
    return conv;
  }

  /**
   * [conversationRisk, contextRisk], Float32Array [n] each: the conversation head on `n` rows of
   * conversationFeatures(), and the context head: the risk of the message each row was computed at, in its
   * conversation, from `messageRisk` (that message's grooming_risk, n numbers) and its sender's conversation logit
   * (since model 0.9.0 read with the message count capped, inside the graph: FEATURES.md).
   */
  async conversationAndContext(features, messageRisk, n = features.length / N_FEATURES) {
    if (messageRisk.length !== n) {
      throw new RangeError(`${messageRisk.length} message risks for ${n} rows of conversation features`);
    }
    return this._conversation(features, n, Float32Array.from(messageRisk), ["conversation_risk", "context_risk"]);
  }

  async _conversation(features, n, messageRisk, outputs) {
    const { Tensor } = this.ort;
    if (!Number.isInteger(n) || features.length !== n * N_FEATURES) {
      throw new RangeError(`features must hold n x ${N_FEATURES} values`);
    }
    const data = await this._run(
      {
        ids: new Tensor("int64", new BigInt64Array(1), [1, 1]),
        counts: new Tensor("float32", new Float32Array(1), [1, 1]),
        conv_features: new Tensor("float32", Float32Array.from(features), [n, N_FEATURES]),
        message_risk: new Tensor("float32", messageRisk, [n, 1]),
      },
      outputs,
    );
    return data.map((d) => Float32Array.from(d));
  }

  /** Frees the onnxruntime session. */
  async release() {
    await this.session.release?.();
  }
}

export { ModelError };
