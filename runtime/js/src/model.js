// Read and verify a model: manifest.json + the .onnx file it names (a port of runtime/model_file.py, same rules).
// Loading refuses, with a message naming the file, what was expected and what was found:
// - a manifest whose format_version this runtime does not read, or that lacks a required field;
// - labels that are not a list of strings holding grooming_risk and minor_signal;
// - a featurizer version this runtime does not implement;
// - an .onnx whose sha256 differs from the manifest's (tampered or corrupted), or that is not a readable ONNX model;
// - a manifest setting that disagrees with the same setting in the .onnx file's own metadata_props (the part the
//   sha256 covers), or that the metadata lacks (see checkSettings): manifest.json itself is not checksummed, so an
//   edited threshold, n-gram range or model version is refused instead of changing every score silently;
// - thresholds that are not numbers between 0 and 1 for every label and preset; an empty model_version.

import { featurizerConfig } from "./featurizer.js";

// 3: a window_logit output and 48 conversation features (per-tactic means); 4: a message_risk input and a
// context_risk output (a message's risk in its conversation) with "context" thresholds; 5: 54 conversation
// features (who leads in minor signals and in tactics)
export const FORMAT_VERSION = 5;
export const MANIFEST = "manifest.json";
export const PRESETS = Object.freeze(["high_precision", "balanced", "high_recall"]);
/**
 * Manifest settings the runtime reads: the ONNX metadata must hold each of them too, with the same value. Every
 * other manifest key that the metadata also holds is compared as well, whatever it is.
 */
export const EMBEDDED_REQUIRED = Object.freeze([
  "format_version",
  "model_version",
  "labels",
  "thresholds",
  "featurizer",
]);
/**
 * Manifest sections stored under other names in the metadata: manifest key -> {metadata key: sub-key or null}, null
 * standing for "the rest of the section" (every sub-key not named).
 */
export const EMBEDDED_AS = Object.freeze({
  conversation: Object.freeze({ conversation_features: "features", conversation_constants: null }),
});

/** The model cannot be used; the message says which file, what was expected and what was found. */
export class ModelError extends Error {
  constructor(message) {
    super(message);
    this.name = "ModelError";
  }
}

export const isNode = () => typeof process !== "undefined" && Boolean(process.versions?.node);

/** Reads `<dir>/manifest.json` and the .onnx it names (Node only; in a browser use Scorer.fromBytes). */
export async function readModelDir(dir) {
  if (!isNode()) {
    throw new ModelError(
      "Scorer.load() reads files and needs Node; in a browser, load manifest.json and the .onnx bytes yourself " +
        "and call Scorer.fromBytes(manifest, onnxBytes, options)",
    );
  }
  const { readFile, stat } = await import(/* webpackIgnore: true */ /* @vite-ignore */ "node:fs/promises");
  const path = await import(/* webpackIgnore: true */ /* @vite-ignore */ "node:path");
  let manifestPath = String(dir);
  const info = await stat(manifestPath).catch(() => null);
  if (info === null) throw new ModelError(`${manifestPath}: no such model file or directory`);
  if (info.isDirectory()) manifestPath = path.join(manifestPath, MANIFEST);
  else if (manifestPath.endsWith(".onnx")) manifestPath = path.join(path.dirname(manifestPath), MANIFEST);
  let manifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, "utf8"));
  } catch (err) {
    throw new ModelError(`${manifestPath}: cannot read the manifest: ${err.message}`);
  }
  checkManifest(manifest, manifestPath);
  const onnxPath = path.join(path.dirname(manifestPath), manifest.onnx_file);
  let bytes;
  try {
    bytes = new Uint8Array(await readFile(onnxPath));
  } catch (err) {
    throw new ModelError(`${onnxPath}: cannot read the model file named by ${MANIFEST}: ${err.message}`);
  }
  return { manifest, bytes, manifestPath, onnxPath };
}

/** Throws ModelError unless `manifest` is one this runtime reads; returns its validated featurizer settings. */
export function checkManifest(manifest, where = MANIFEST) {
  if (manifest === null || typeof manifest !== "object" || Array.isArray(manifest)) {
    throw new ModelError(`${where}: expected a JSON object`);
  }
  if (manifest.format_version !== FORMAT_VERSION) {
    throw new ModelError(
      `${where}: format_version ${JSON.stringify(manifest.format_version)} is not supported; this runtime reads ` +
        `format_version ${FORMAT_VERSION}. Use the groomguard release the model was made for, or re-export it.`,
    );
  }
  for (const key of ["onnx_file", "sha256", "labels", "thresholds", "featurizer", "model_version"]) {
    if (!(key in manifest)) throw new ModelError(`${where}: required field '${key}' is missing`);
  }
  const { labels } = manifest;
  if (!Array.isArray(labels) || !labels.every((label) => typeof label === "string")) {
    throw new ModelError(`${where}: labels must be a list of strings, found ${short(labels)}`);
  }
  for (const required of ["grooming_risk", "minor_signal"]) {
    if (!labels.includes(required)) {
      throw new ModelError(`${where}: label '${required}' missing from labels ${JSON.stringify(labels)}`);
    }
  }
  try {
    return featurizerConfig(manifest.featurizer);
  } catch (err) {
    throw new ModelError(`${where}: featurizer settings not usable: ${err.message}`);
  }
}

/** Lowercase hex SHA-256 of `bytes` (node:crypto in Node, WebCrypto elsewhere). */
export async function sha256Hex(bytes) {
  if (isNode()) {
    const { createHash } = await import(/* webpackIgnore: true */ /* @vite-ignore */ "node:crypto");
    return createHash("sha256").update(bytes).digest("hex");
  }
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Throws ModelError unless the .onnx bytes are the ones the manifest names (sha256), their own metadata holds the
 * manifest's settings (checkSettings), and the thresholds and model_version are usable. Returns the metadata.
 * Call checkManifest(manifest) first.
 */
export async function verifyModel(manifest, bytes, onnxName = manifest.onnx_file, manifestName = MANIFEST) {
  const digest = await sha256Hex(bytes);
  if (digest !== manifest.sha256) {
    throw new ModelError(
      `${onnxName}: sha256 mismatch: ${MANIFEST} expects ${manifest.sha256}, the file has ${digest}. ` +
        "The model file was modified or corrupted; refusing to load it.",
    );
  }
  let metadata;
  try {
    metadata = onnxMetadata(bytes);
  } catch (err) {
    throw new ModelError(`${onnxName}: not a readable ONNX model: ${err.message}`);
  }
  checkSettings(manifest, metadata, onnxName);
  checkThresholds(manifest.thresholds, manifest.labels, manifestName);
  const version = manifest.model_version;
  if (typeof version !== "string" || !version.trim()) {
    throw new ModelError(`${manifestName}: model_version must be a non-empty string, found ${short(version)}`);
  }
  return metadata;
}

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const isNumber = (value) => typeof value === "number";
const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

/** A value for a message: JSON, NaN and infinities by name, cut to `limit` characters. */
function short(value, limit = 80) {
  const text = isNumber(value) && !Number.isFinite(value) ? String(value) : (JSON.stringify(value) ?? "null");
  return text.length <= limit ? text : `${text.slice(0, limit - 3)}...`;
}

/** The manifest's settings under the names the ONNX metadata uses (see EMBEDDED_AS). */
function manifestSettings(manifest) {
  const settings = {};
  for (const [key, value] of Object.entries(manifest)) if (!has(EMBEDDED_AS, key)) settings[key] = value;
  for (const [key, parts] of Object.entries(EMBEDDED_AS)) {
    const section = manifest[key];
    if (!isObject(section)) {
      if (has(manifest, key)) settings[key] = section;
      continue;
    }
    const named = new Set(Object.values(parts).filter((sub) => sub !== null));
    for (const [metaKey, sub] of Object.entries(parts)) {
      if (sub === null) {
        settings[metaKey] = Object.fromEntries(Object.entries(section).filter(([k]) => !named.has(k)));
      } else if (has(section, sub)) settings[metaKey] = section[sub];
    }
  }
  return settings;
}

function decode(embedded) {
  try {
    return JSON.parse(embedded);
  } catch {
    return embedded; // a plain string, such as a model version
  }
}

/** Where `ours` and `theirs` first differ (`thresholds.message.coercion.balanced: 1.5 vs 0.19`), or null. */
function difference(ours, theirs, where) {
  if (isObject(ours) && isObject(theirs)) {
    const keys = [...new Set([...Object.keys(ours), ...Object.keys(theirs)])].sort();
    for (const key of keys) {
      if (!has(ours, key) || !has(theirs, key)) {
        return `${where}.${key} is only in ${has(theirs, key) ? "the ONNX metadata" : "the manifest"}`;
      }
      const found = difference(ours[key], theirs[key], `${where}.${key}`);
      if (found) return found;
    }
    return null;
  }
  if (Array.isArray(ours) && Array.isArray(theirs) && ours.length === theirs.length) {
    for (let i = 0; i < ours.length; i++) {
      const found = difference(ours[i], theirs[i], `${where}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (isNumber(ours) && isNumber(theirs)) {
    if (ours === theirs || (Number.isNaN(ours) && Number.isNaN(theirs))) return null; // NaN: see checkThresholds
  } else if (ours === theirs && (typeof ours === "string" || typeof ours === "boolean" || ours === null)) {
    return null;
  }
  return `${where}: ${short(ours)} in the manifest, ${short(theirs)} in the ONNX metadata`;
}

/**
 * Refuses a manifest whose settings are not those of the checksummed ONNX file (as Python's check_settings):
 * every manifest setting that the ONNX metadata_props also holds must have the same value there (JSON-decoded; a
 * string setting may also be stored as the plain string), and the settings in EMBEDDED_REQUIRED must be there.
 * The comparison is generic: a setting added to the model later is compared without a change here.
 */
export function checkSettings(manifest, metadata, onnxName = MANIFEST) {
  const settings = manifestSettings(manifest);
  for (const key of EMBEDDED_REQUIRED) {
    if (has(settings, key) && !has(metadata, key)) {
      throw new ModelError(
        `${onnxName}: the ONNX metadata has no '${key}', so the manifest's cannot be verified; refusing to load ` +
          "it. Re-export the model.",
      );
    }
  }
  for (const key of Object.keys(metadata).sort()) {
    if (!has(settings, key)) continue;
    const ours = settings[key];
    const raw = metadata[key];
    if (typeof ours === "string" && ours === raw) continue;
    const found = difference(ours, decode(raw), key);
    if (found) {
      throw new ModelError(
        `${onnxName}: the manifest disagrees with the model file's own (checksummed) metadata: ${found}. ` +
          "manifest.json was edited or belongs to another model; refusing to load it. Restore the manifest that " +
          "was exported with this model, or re-export it.",
      );
    }
  }
}

/**
 * Thresholds must be numbers in [0, 1] for every label and preset (message) and every preset (conversation, and
 * context: a message's risk in its conversation).
 */
export function checkThresholds(thresholds, labels, where = MANIFEST) {
  const check = (value, name) => {
    if (!(isNumber(value) && value >= 0 && value <= 1)) {
      // NaN fails the comparison too
      throw new ModelError(`${where}: threshold ${name} must be a number between 0 and 1, found ${short(value)}`);
    }
  };
  if (!isObject(thresholds) || !isObject(thresholds.message)) {
    throw new ModelError(`${where}: thresholds must be an object with 'message', 'conversation' and 'context' thresholds`);
  }
  for (const label of labels) {
    const perLabel = has(thresholds.message, label) ? thresholds.message[label] : undefined;
    if (!isObject(perLabel)) throw new ModelError(`${where}: no message thresholds for label '${label}'`);
    for (const preset of PRESETS) check(perLabel[preset], `message.${label}.${preset}`);
  }
  for (const part of ["conversation", "context"]) {
    const section = thresholds[part];
    if (!isObject(section)) throw new ModelError(`${where}: no ${part} thresholds`);
    for (const preset of PRESETS) check(section[preset], `${part}.${preset}`);
  }
}

/** The ONNX file's metadata_props (ModelProto field 14: key 1, value 2), read with a minimal protobuf walker. */
export function onnxMetadata(bytes) {
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  const text = (s, e) => {
    try {
      return utf8.decode(bytes.subarray(s, e));
    } catch {
      throw new ModelError("the .onnx file has metadata that is not UTF-8");
    }
  };
  const fields = (start, end, visit) => {
    let pos = start;
    const varint = () => {
      let value = 0;
      let scale = 1;
      for (;;) {
        if (pos >= end) throw new ModelError("the .onnx file is truncated or not an ONNX model");
        const b = bytes[pos++];
        value += (b & 0x7f) * scale;
        if (b < 0x80) return value;
        scale *= 128;
        if (scale > 2 ** 63) throw new ModelError("the .onnx file is not an ONNX model (a varint longer than 64 bits)");
      }
    };
    while (pos < end) {
      const key = varint();
      const wire = key % 8;
      const field = Math.floor(key / 8);
      if (wire === 0) varint();
      else if (wire === 1) pos += 8;
      else if (wire === 5) pos += 4;
      else if (wire === 2) {
        const length = varint();
        if (pos + length > end) throw new ModelError("the .onnx file is truncated or not an ONNX model");
        visit(field, pos, pos + length);
        pos += length;
      } else throw new ModelError(`the .onnx file is not an ONNX model (protobuf wire type ${wire})`);
    }
    if (pos > end) throw new ModelError("the .onnx file is truncated or not an ONNX model");
  };
  const metadata = {};
  fields(0, bytes.length, (field, start, end) => {
    if (field !== 14) return;
    const entry = {};
    fields(start, end, (f, s, e) => {
      if (f === 1) entry.key = text(s, e);
      if (f === 2) entry.value = text(s, e);
    });
    if (entry.key !== undefined) metadata[entry.key] = entry.value ?? "";
  });
  return metadata;
}
