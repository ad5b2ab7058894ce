// Benchmark of the JavaScript runtime: featurize() and score() latency (p50/p99 over single calls after a warm-up)
// and batch-of-1,000 throughput, on onnxruntime-node and onnxruntime-web (wasm, 1 thread). Prints JSON to stdout.
//
//   node bench.js [--model DIR] [--calls 10000] [--backends node,web]
//
// Messages: the chat-sized texts (<= 1,000 code points) of the model's test_vectors.jsonl, cycled.

import { readFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { featurize } from "./src/featurizer.js";
import { Scorer } from "./src/scorer.js";

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    model: { type: "string", default: process.env.GROOMGUARD_MODEL_DIR ?? join(here, "..", "..", "model") },
    calls: { type: "string", default: "10000" },
    warmup: { type: "string", default: "1000" },
    "batch-calls": { type: "string", default: "20" },
    backends: { type: "string", default: "node,web" },
  },
});
const calls = Number(args.calls);
const warmup = Number(args.warmup);
const batchCalls = Number(args["batch-calls"]);
const modelDir = resolve(args.model);

const texts = readFileSync(join(modelDir, "test_vectors.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line).text)
  .filter((t) => [...t].length <= 1000);

function percentiles(ns) {
  const sorted = Float64Array.from(ns).sort();
  const at = (q) => {
    // linear interpolation between closest ranks, as numpy.percentile
    const x = q * (sorted.length - 1);
    const lo = Math.floor(x);
    return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (x - lo);
  };
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { p50_us: at(0.5) / 1e3, p99_us: at(0.99) / 1e3, mean_us: mean / 1e3 };
}

async function latency(fn) {
  for (let i = 0; i < warmup; i++) await fn(texts[i % texts.length]);
  const ns = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const text = texts[i % texts.length];
    const t = process.hrtime.bigint();
    await fn(text);
    ns[i] = Number(process.hrtime.bigint() - t);
  }
  return { calls, ...percentiles(ns) };
}

async function batchThroughput(scorer) {
  const batch = Array.from({ length: 1000 }, (_, i) => texts[i % texts.length]);
  await scorer.scoreBatch(batch);
  const t = process.hrtime.bigint();
  for (let i = 0; i < batchCalls; i++) await scorer.scoreBatch(batch);
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const perBatch = (seconds * 1e3) / batchCalls;
  return { batch: 1000, calls: batchCalls, ms_per_batch: perBatch, messages_per_s: (1000 * batchCalls) / seconds };
}

const version = (name) => JSON.parse(readFileSync(join(here, "node_modules", name, "package.json"), "utf8")).version;
const report = {
  node: process.version,
  platform: `${os.platform()} ${os.arch()}`,
  cpu: os.cpus()[0]?.model,
  onnxruntime_node: version("onnxruntime-node"),
  onnxruntime_web: version("onnxruntime-web"),
  model: relative(join(here, "..", ".."), modelDir) || ".",  // relative to the repository: no local paths
  messages: `${texts.length} texts of <= 1,000 code points from test_vectors.jsonl, cycled`,
  featurize: await latency((text) => featurize(text)),
  backends: {},
};
for (const backend of args.backends.split(",")) {
  const t = process.hrtime.bigint();
  const scorer = await Scorer.load(modelDir, { backend });
  const loadMs = Number(process.hrtime.bigint() - t) / 1e6;
  report.backends[backend] = {
    load_ms: loadMs,
    score: await latency((text) => scorer.score(text)),
    score_batch: await batchThroughput(scorer),
  };
  await scorer.release();
}
console.log(JSON.stringify(report, null, 2));
