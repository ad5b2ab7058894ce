// Shared by the tests: where the model is, and its test vectors.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { FORMAT_VERSION } from "../src/model.js";

export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const FIXTURES = join(PACKAGE_DIR, "test", "fixtures");
/** GROOMGUARD_MODEL_DIR (relative to the current directory), else ../../model relative to runtime/js. */
export const MODEL_DIR = process.env.GROOMGUARD_MODEL_DIR
  ? resolve(process.env.GROOMGUARD_MODEL_DIR)
  : resolve(PACKAGE_DIR, "..", "..", "model");
export const BACKENDS = ["node", "web"];

export function requireModel() {
  if (!existsSync(join(MODEL_DIR, "manifest.json"))) {
    throw new Error(
      `no model at ${MODEL_DIR} (manifest.json not found): export one (make export) or set GROOMGUARD_MODEL_DIR`,
    );
  }
  return MODEL_DIR;
}

/** The manifest format this runtime reads (the loader's own constant, so the two cannot drift). */
export const MODEL_FORMAT = FORMAT_VERSION;

/**
 * Why the model tests cannot run (no model, or one of another format), or null. They are skipped then, with the
 * reason, unless GROOMGUARD_REQUIRE_MODEL=1 (CI with a model), which makes them fail instead.
 */
export function modelProblem() {
  const path = join(MODEL_DIR, "manifest.json");
  if (!existsSync(path)) return `no model at ${MODEL_DIR}`;
  const manifest = readJson(path);
  if (manifest.format_version !== MODEL_FORMAT) {
    const found = manifest.format_version;
    return `the model at ${MODEL_DIR} has format_version ${found}; this runtime reads ${MODEL_FORMAT}`;
  }
  return null;
}

/** In a test: skips it (returning true) when the model tests cannot run; see modelProblem(). */
export function modelSkip(t) {
  const problem = modelProblem();
  if (problem === null || process.env.GROOMGUARD_REQUIRE_MODEL === "1") return false;
  t.skip(`${problem}: set GROOMGUARD_MODEL_DIR to a model of format ${MODEL_FORMAT}`);
  return true;
}

/** Options for a describe() of model tests: { skip: reason } when they cannot run (see modelSkip). */
export function modelOptions() {
  const problem = modelProblem();
  if (problem === null || process.env.GROOMGUARD_REQUIRE_MODEL === "1") return {};
  return { skip: `${problem}: set GROOMGUARD_MODEL_DIR to a model of format ${MODEL_FORMAT}` };
}

export function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** The lines of model/test_vectors.jsonl. */
export function testVectors() {
  return readFileSync(join(requireModel(), "test_vectors.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line));
}

/** A score as {label: probability} over all labels (risk is grooming_risk). */
export function scoreLabels(score) {
  return { ...score.labels, grooming_risk: score.risk };
}
