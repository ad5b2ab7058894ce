// Read and verify a model: manifest.json + the .onnx file it names (a port of runtime/model_file.py).
// Loading refuses, with a message naming the file, what was expected and what was found: an unknown format_version,
// a featurizer version this runtime does not implement, an .onnx whose sha256 differs from the manifest's, and ONNX
// metadata (labels, format_version) that disagrees with the manifest.

import { featurizerConfig } from "./featurizer.js";

export const FORMAT_VERSION = 3; // 3: a window_logit output and 48 conversation features (per-tactic means)
export const MANIFEST = "manifest.json";

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
  for (const required of ["grooming_risk", "minor_signal"]) {
    if (!manifest.labels.includes(required)) {
      throw new ModelError(`${where}: label '${required}' missing from labels ${JSON.stringify(manifest.labels)}`);
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

/** Throws ModelError unless the .onnx bytes are the ones the manifest names (sha256) and carry the same labels. */
export async function verifyModel(manifest, bytes, onnxName = manifest.onnx_file) {
  const digest = await sha256Hex(bytes);
  if (digest !== manifest.sha256) {
    throw new ModelError(
      `${onnxName}: sha256 mismatch: ${MANIFEST} expects ${manifest.sha256}, the file has ${digest}. ` +
        "The model file was modified or corrupted; refusing to load it.",
    );
  }
  const metadata = onnxMetadata(bytes);
  let embeddedLabels = null;
  try {
    embeddedLabels = JSON.parse(metadata.labels ?? "null");
  } catch {
    // reported below as a mismatch
  }
  if (JSON.stringify(embeddedLabels) !== JSON.stringify(manifest.labels)) {
    throw new ModelError(
      `${onnxName}: labels in the ONNX metadata ${JSON.stringify(embeddedLabels)} differ from the manifest's ` +
        JSON.stringify(manifest.labels),
    );
  }
  if (metadata.format_version !== String(FORMAT_VERSION)) {
    throw new ModelError(
      `${onnxName}: format_version ${JSON.stringify(metadata.format_version ?? null)} in the ONNX metadata; ` +
        `expected ${FORMAT_VERSION}`,
    );
  }
  return metadata;
}

/** The ONNX file's metadata_props (ModelProto field 14: key 1, value 2), read with a minimal protobuf walker. */
export function onnxMetadata(bytes) {
  const utf8 = new TextDecoder();
  const fields = (start, end, visit) => {
    let pos = start;
    const varint = () => {
      let value = 0;
      let scale = 1;
      for (;;) {
        if (pos >= end) throw new ModelError("the .onnx file is truncated or not an ONNX model");
        const b = bytes[pos++];
        value += (b & 0x7f) * scale;
        scale *= 128;
        if (b < 0x80) return value;
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
  };
  const metadata = {};
  fields(0, bytes.length, (field, start, end) => {
    if (field !== 14) return;
    const entry = {};
    fields(start, end, (f, s, e) => {
      if (f === 1) entry.key = utf8.decode(bytes.subarray(s, e));
      if (f === 2) entry.value = utf8.decode(bytes.subarray(s, e));
    });
    if (entry.key !== undefined) metadata[entry.key] = entry.value ?? "";
  });
  return metadata;
}
