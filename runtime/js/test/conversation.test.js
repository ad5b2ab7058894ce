import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import {
  ConversationStats,
  conversationFeatures,
  FEATURE_NAMES,
  N_FEATURES,
  SATURATION,
  WINDOW,
} from "../src/conversation.js";
import { FIXTURES, readJson } from "./helpers.js";

const fixture = readJson(join(FIXTURES, "conversation_features.json"));
const labelIndex = Object.fromEntries(fixture.labels.map((label, j) => [label, j]));
const name = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i]));

test("conversation features equal Python's bit for bit after each message (3 senders, window logits)", () => {
  const { rows, senders, features, idle } = fixture;
  assert.equal(N_FEATURES, 54);
  assert.ok(senders.filter((s) => s === "a").length > SATURATION);
  assert.ok(rows.length > 2 * WINDOW && "window_logit" in labelIndex);
  const stats = new ConversationStats(labelIndex);
  rows.forEach((row, m) => {
    const got = stats.add(senders[m], Float32Array.from(row));
    assert.equal(got.length, N_FEATURES);
    got.forEach((value, f) => assert.equal(value, features[m][f], `message ${m}, feature ${FEATURE_NAMES[f]}`));
    const none = stats.features("nobody"); // a sender who never wrote
    none.forEach((value, f) => assert.equal(value, idle[m][f], `message ${m}, idle feature ${FEATURE_NAMES[f]}`));
  });
  const last = rows.length - 1;
  const replayed = conversationFeatures(rows.map((r) => Float32Array.from(r)), senders, labelIndex);
  assert.deepEqual([...replayed], features[last]);
});

test("own_messages = min(log1p(n) / log1p(100), 1) as float32, as Python's math.log1p", () => {
  fixture.own_messages.forEach((value, i) => {
    assert.equal(Math.fround(Math.min(Math.log1p(i + 1) / Math.log1p(SATURATION), 1.0)), value, `n = ${i + 1}`);
  });
});

test("features read both sides: minor signals count only from the other senders", () => {
  const row = (values) => Float32Array.from(fixture.labels.map((l) => values[l] ?? 0));
  const probs = [row({ secrecy: 0.9 }), row({ minor_signal: 0.8 }), row({})];
  const f = conversationFeatures(probs, ["adult", "kid", "adult"], labelIndex);
  assert.equal(f[name.max_secrecy], Math.fround(0.9));
  assert.equal(f[name.minor_other], Math.fround(0.8));
  assert.equal(f[name.escalation], 0);
  probs[2] = row({ meeting: 0.7 });
  assert.equal(conversationFeatures(probs, ["adult", "kid", "adult"], labelIndex)[name.escalation], 1);
  const alone = conversationFeatures(probs, ["adult", "adult", "adult"], labelIndex);
  assert.equal(alone[name.minor_other], 0);
  assert.equal(alone[name.minor_self], Math.fround(0.8));
  const stats = new ConversationStats(labelIndex);
  stats.add("kid", row({ minor_signal: 0.6 }));
  const none = stats.features("adult"); // a sender with no messages yet: the other side's minor signal, the window
  assert.equal(none[name.minor_other], Math.fround(0.6));
  assert.equal(none[name.mean_minor_other], Math.fround(0.6 / 4));
  assert.equal(none[name.own_messages], 0);
});

test("the window: mean of the last WINDOW window logits of both sides, its peak after WINDOW_MIN messages", () => {
  const index = { ...labelIndex };
  const row = (w) => {
    const r = new Float32Array(fixture.labels.length);
    r[index.window_logit] = w;
    return r;
  };
  const stats = new ConversationStats(index);
  let f;
  for (let m = 0; m < 4; m++) f = stats.add(m % 2 ? "b" : "a", row(4));
  assert.equal(f[name.window_now], 0.5); // mean 4, clipped to [-8, 8] and scaled
  assert.equal(f[name.window_peak], 0.5); // not yet WINDOW_MIN messages: the peak is the current window
  f = stats.add("a", row(-16));
  assert.equal(f[name.window_now], Math.fround((4 * 4 - 16) / 5 / 8));
  assert.equal(f[name.window_peak], Math.fround((4 * 4 - 16) / 5 / 8)); // the first peak, at WINDOW_MIN messages
  for (let m = 0; m < WINDOW; m++) f = stats.add("b", row(8));
  assert.equal(f[name.window_now], 1);
  assert.equal(f[name.window_peak], 1);
  for (let m = 0; m < WINDOW; m++) f = stats.add("b", row(-8));
  assert.equal(f[name.window_now], -1); // only the last WINDOW messages count
  assert.equal(f[name.window_peak], 1);
  const noWindow = Object.fromEntries(Object.entries(labelIndex).filter(([k]) => k !== "window_logit"));
  const plain = new ConversationStats(noWindow).add("a", row(5));
  assert.equal(plain[name.window_now], 0); // rows without a window column: window logits of 0
});
