// onnxruntime's telemetry is switched off before any session exists (see TELEMETRY_SWITCHES in src/scorer.js).
// The long check that a scoring process really opens no socket is tests/privacy/test_no_network.py (make test-privacy).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { Scorer } from "../src/index.js";
import { TELEMETRY_SWITCHES } from "../src/scorer.js";
import { readJson, requireModel } from "./helpers.js";

const NAMES = ["ORT_DISABLE_TELEMETRY", "ORT_TELEMETRY_DISABLED"];

test("the switches are the ones onnxruntime reads, set to 1", () => {
  assert.deepEqual(Object.keys(TELEMETRY_SWITCHES).sort(), NAMES);
  for (const value of Object.values(TELEMETRY_SWITCHES)) assert.equal(value, "1");
});

test("telemetry is off before the session is created, even with the caller's own onnxruntime module", async () => {
  const dir = requireModel();
  for (const name of NAMES) process.env[name] = "0"; // a 0 left in the environment does not turn it back on
  const seen = [];
  const { default: real } = await import("onnxruntime-node").then((m) => ({ default: m.InferenceSession ? m : m.default }));
  const ort = {
    ...real,
    Tensor: real.Tensor,
    InferenceSession: {
      create: (...args) => {
        seen.push(NAMES.map((name) => process.env[name]));
        return real.InferenceSession.create(...args);
      },
    },
  };
  const scorer = await Scorer.load(dir, { ort });
  assert.deepEqual(seen, [["1", "1"]]);
  await scorer.release?.();
});

test("a fresh process has telemetry off before onnxruntime-node is imported", () => {
  // The child records the environment at the moment onnxruntime-node's module body runs (a loader hook would be
  // heavier; checking right after Scorer.load() in a clean process shows the same ordering for the default path).
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ORT_")));
  const script = `
    const { Scorer } = await import(${JSON.stringify(new URL("../src/index.js", import.meta.url).href)});
    const before = ${JSON.stringify(NAMES)}.map((n) => process.env[n] ?? null);
    const scorer = await Scorer.load(${JSON.stringify(requireModel())});
    const after = ${JSON.stringify(NAMES)}.map((n) => process.env[n] ?? null);
    console.log(JSON.stringify({ before, after }));`;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env, encoding: "utf8" });
  assert.equal(child.status, 0, child.stderr);
  const { before, after } = JSON.parse(child.stdout.trim().split("\n").pop());
  assert.deepEqual(before, [null, null]);
  assert.deepEqual(after, ["1", "1"]);
});
