// A monitored conversation's state as a JSON document, so that an app can keep it across restarts: a port of
// runtime/monitor_saved.py, reading and writing the same document (runtime/FEATURES.md, "Saved monitor state"), so a
// state saved by one runtime goes on in the other. It holds no message text: the conversation id and sender names as
// the app gave them, the running aggregates (numbers) and message indices. A document saved with another model or
// other thresholds, or that is not one, is refused with a StateError saying why.

import { ConversationStats, TACTICS, WINDOW } from "./conversation.js";
import { MAX_EVIDENCE } from "./evidence.js";

export const STATE_VERSION = 1;
const SCALARS = {
  risk_max: "riskMax",
  risk_sum: "riskSum",
  minor_max: "minorMax",
  escalation: "escalation",
  sum_tactic: "sumTactic",
  sum_sexual: "sumSexual",
  sum_minor: "sumMinor",
  sum_window: "sumWindow",
};

export class StateError extends Error {
  constructor(message) {
    super(message);
    this.name = "StateError";
  }
}

/** What a document's alerts, flags and tactics were decided with: the model and the thresholds. */
export function decidedWith(modelSha256, conversation, context, tactics) {
  return { model_sha256: modelSha256, thresholds: { conversation, context, tactics: { ...tactics } } };
}

/** The JSON document of one monitored conversation ({ stats, senders, count } of the monitor). */
export function exportConversation(conversationId, conv, decided) {
  const senders = [...conv.stats.senders].map(([name, a]) => {
    const s = conv.senders.get(name);
    const entry = {
      name,
      messages: a.n,
      early_seen: a.earlySeen,
      max: Object.fromEntries(TACTICS.map((t, j) => [t, a.maxT[j]])),
      sum: Object.fromEntries(TACTICS.map((t, j) => [t, a.sumT[j]])),
    };
    for (const [key, field] of Object.entries(SCALARS)) entry[key] = a[field];
    Object.assign(entry, {
      risk: s.risk,
      alert: s.alert,
      first_alert_index: s.firstAlertIndex,
      tactics_seen: Object.fromEntries(TACTICS.filter((t) => s.tactics.has(t)).map((t) => [t, [...s.tactics.get(t)]])),
      evidence: s.evidence.map(([r, i]) => [r, i]).sort((x, y) => x[1] - y[1]),
    });
    return entry;
  });
  return {
    groomguard_monitor_state: STATE_VERSION,
    ...structuredClone(decided),
    conversation_id: conversationId,
    messages: conv.count,
    window_ring: [...conv.stats.ring],
    window_peak: conv.stats.windowPeak,
    minor_total: conv.stats.minorTotal,
    tactic_total: conv.stats.tacticTotal,
    senders,
  };
}

/** [conversationId, conv] from a document of exportConversation (or Python's export_state); StateError otherwise. */
export function importConversation(doc, labelIndex, decided) {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new StateError(`a saved conversation state is a JSON object, not ${kind(doc)}`);
  }
  if (doc.groomguard_monitor_state !== STATE_VERSION) {
    throw new StateError(
      `not a groomguard monitor state of version ${STATE_VERSION} (groomguard_monitor_state: ` +
        `${JSON.stringify(doc.groomguard_monitor_state)}); it was saved by another groomguard release, or is not a ` +
        "saved state",
    );
  }
  if (doc.model_sha256 !== decided.model_sha256) {
    throw new StateError(
      `the state was saved with model ${String(doc.model_sha256).slice(0, 12)}..., this monitor's model is ` +
        `${decided.model_sha256.slice(0, 12)}...: one model's aggregates mean nothing to another. Start the ` +
        "conversation afresh (or use the model it was saved with)",
    );
  }
  if (!sameJson(doc.thresholds, decided.thresholds)) {
    throw new StateError(
      "the state's alerts, tactics and evidence were decided with other thresholds (another preset or threshold) " +
        "than this monitor's: create the monitor with the same preset and threshold, or start the conversation afresh",
    );
  }
  const cid = get(doc, "conversation_id", "string");
  const messages = count(doc, "messages");
  const stats = new ConversationStats(labelIndex);
  const ring = get(doc, "window_ring", "array");
  if (ring.length !== WINDOW) throw new StateError(`window_ring must hold ${WINDOW} numbers, not ${ring.length}`);
  ring.forEach((_, k) => {
    stats.ring[k] = number(ring, k, "window_ring");
  });
  stats.ringCount = messages;
  stats.nTotal = messages;
  stats.windowPeak = number(doc, "window_peak");
  stats.minorTotal = number(doc, "minor_total");
  stats.tacticTotal = number(doc, "tactic_total");
  const conv = { stats, senders: new Map(), count: messages };
  let total = 0;
  for (const entry of get(doc, "senders", "array")) {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      throw new StateError(`senders: each sender is a JSON object, not ${kind(entry)}`);
    }
    const name = get(entry, "name", "string");
    if (conv.senders.has(name)) throw new StateError(`senders: ${JSON.stringify(name)} is listed twice`);
    const [aggregates, state] = sender(entry, `sender ${JSON.stringify(name)}`, messages);
    stats.senders.set(name, aggregates);
    conv.senders.set(name, state);
    total += aggregates.n;
  }
  if (total !== messages) {
    throw new StateError(`the senders' messages add up to ${total}, not to the conversation's ${messages}`);
  }
  const refs = doc.refs ?? [];
  if (!Array.isArray(refs) || !refs.every((r) => Array.isArray(r) && r.length === 2 && isIndex(r[0], messages))) {
    throw new StateError("refs: a list of [message index, reference] pairs");
  }
  return [cid, conv]; // refs are the Python monitor's update_scored references: checked, not used here
}

function sender(entry, where, messages) {
  const n = count(entry, "messages", where);
  const aggregates = {
    maxT: new Float64Array(TACTICS.length),
    sumT: new Float64Array(TACTICS.length),
    n,
    earlySeen: get(entry, "early_seen", "boolean", where),
  };
  for (const [key, field] of [
    ["max", "maxT"],
    ["sum", "sumT"],
  ]) {
    const perTactic = get(entry, key, "object", where);
    const keys = Object.keys(perTactic);
    if (keys.length !== TACTICS.length || !TACTICS.every((t) => keys.includes(t))) {
      throw new StateError(`${where}: ${key} must have one number per tactic (${TACTICS.join(", ")})`);
    }
    TACTICS.forEach((t, j) => {
      aggregates[field][j] = number(perTactic, t, `${where}: ${key}`);
    });
  }
  for (const [key, field] of Object.entries(SCALARS)) aggregates[field] = number(entry, key, where);
  const alert = get(entry, "alert", "boolean", where);
  const first = entry.first_alert_index ?? null;
  if (first !== null && !isIndex(first, messages)) {
    throw new StateError(`${where}: first_alert_index must be null or a message index below ${messages}`);
  }
  if ((first === null) === alert) {
    throw new StateError(`${where}: first_alert_index must be given exactly when alert is true`);
  }
  const tactics = new Map();
  const seen = get(entry, "tactics_seen", "object", where);
  for (const t of Object.keys(seen)) {
    if (!TACTICS.includes(t)) throw new StateError(`${where}: tactics_seen: ${JSON.stringify(t)} is not a tactic`);
  }
  for (const t of TACTICS.filter((name) => name in seen)) {
    const indices = seen[t];
    if (!Array.isArray(indices) || indices.length === 0 || indices.length > MAX_EVIDENCE) {
      throw new StateError(`${where}: tactics_seen: ${t}: a list of 1 to ${MAX_EVIDENCE} message indices`);
    }
    if (!indices.every((i, k) => isIndex(i, messages) && (k === 0 || i > indices[k - 1]))) {
      throw new StateError(`${where}: tactics_seen: ${t}: message indices in ascending order`);
    }
    tactics.set(t, [...indices]);
  }
  const evidence = get(entry, "evidence", "array", where);
  if (evidence.length > MAX_EVIDENCE) {
    throw new StateError(`${where}: evidence: at most ${MAX_EVIDENCE} [risk, message index] pairs`);
  }
  const pairs = evidence.map((pair) => {
    if (!(Array.isArray(pair) && pair.length === 2 && isIndex(pair[1], messages))) {
      throw new StateError(`${where}: evidence: [risk, message index] pairs`);
    }
    return [number(pair, 0, `${where}: evidence`), pair[1]];
  });
  const state = { risk: number(entry, "risk", where), alert, firstAlertIndex: first, tactics, evidence: pairs, messages: n };
  return [aggregates, state];
}

function kind(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  return typeof value;
}

const NAMES = { string: "str", array: "list", object: "dict", boolean: "bool" };

function get(d, key, type, where = "") {
  const value = d[key];
  const ok =
    type === "array"
      ? Array.isArray(value)
      : type === "object"
        ? value !== null && typeof value === "object" && !Array.isArray(value)
        : typeof value === type;
  if (!ok) throw new StateError(`${where ? `${where}: ` : ""}${key} must be a ${NAMES[type]}, not ${kind(value)}`);
  return value;
}

function count(d, key, where = "") {
  const value = d[key];
  if (!Number.isInteger(value) || value < 0) {
    throw new StateError(`${where ? `${where}: ` : ""}${key} must be an int >= 0, not ${JSON.stringify(value)}`);
  }
  return value;
}

function number(d, key, where = "") {
  const value = d[key];
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new StateError(`${where ? `${where}: ` : ""}${key} must be a finite number, not ${JSON.stringify(value)}`);
  }
  return value;
}

function isIndex(value, messages) {
  return Number.isInteger(value) && value >= 0 && value < messages;
}

function sameJson(a, b) {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
}
