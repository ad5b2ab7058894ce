import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import {
  ConversationStats,
  conversationFeatures,
  FEATURE_NAMES,
  N_FEATURES,
  SATURATION,
} from "../src/conversation.js";
import { FIXTURES, readJson } from "./helpers.js";

const fixture = readJson(join(FIXTURES, "conversation_features.json"));
const labelIndex = Object.fromEntries(fixture.labels.map((label, j) => [label, j]));
const name = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i]));

test("conversation features equal Python's bit for bit after each message (3 senders, past saturation)", () => {
  const { rows, senders, features } = fixture;
  assert.ok(senders.filter((s) => s === "a").length > SATURATION);
  const stats = new ConversationStats(labelIndex);
  rows.forEach((row, m) => {
    const got = stats.add(senders[m], Float32Array.from(row));
    assert.equal(got.length, N_FEATURES);
    got.forEach((value, f) => assert.equal(value, features[m][f], `message ${m}, feature ${FEATURE_NAMES[f]}`));
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
  const none = stats.features("adult"); // a sender with no messages yet: only the other side's minor signal
  assert.equal(none[name.minor_other], Math.fround(0.6));
  assert.equal(none.reduce((a, b) => a + b, 0), Math.fround(0.6));
});
