// Features of one sender within a conversation, kept as running aggregates of the message scores: a port of
// runtime/conversation.py (ConversationStats). The conversation head of the model (inside the ONNX graph, input
// `conv_features`) reads them. Arithmetic is float64 as in Python, and every feature is rounded to float32 once, as
// numpy does when it stores it, so the features equal Python's bit for bit.

export const TACTICS = Object.freeze([
  "trust_building",
  "risk_assessment",
  "personal_info",
  "secrecy",
  "platform_move",
  "gifts",
  "meeting",
  "sexual_content",
  "coercion",
]);
export const EARLY = Object.freeze(["trust_building", "risk_assessment", "personal_info", "secrecy"]);
export const LATE = Object.freeze(["meeting", "sexual_content", "coercion"]);
/** Message counts are read on a log scale saturating at this many of the sender's messages. */
export const SATURATION = 100;
/** A message "shows" a label when its probability reaches this. */
export const SHOWN = 0.5;
/** Sums of probabilities are capped at this before scaling to [0, 1]. */
export const SUM_CAP = 5.0;

export const FEATURE_NAMES = Object.freeze([
  ...TACTICS.map((t) => `max_${t}`),
  ...TACTICS.map((t) => `sum_${t}`),
  "max_grooming_risk",
  "sum_grooming_risk",
  "mean_grooming_risk",
  "minor_other",
  "minor_self",
  "distinct_tactics",
  "escalation",
  "own_messages",
  "minor_other_x_risk",
  "minor_other_x_tactic",
]);
export const N_FEATURES = FEATURE_NAMES.length;
const K = TACTICS.length;
const EARLY_COLS = EARLY.map((t) => TACTICS.indexOf(t));
const LATE_COLS = LATE.map((t) => TACTICS.indexOf(t));

function newSender() {
  return {
    maxT: new Float64Array(K),
    sumT: new Float64Array(K),
    riskMax: 0.0,
    riskSum: 0.0,
    minorMax: 0.0,
    n: 0,
    earlySeen: false,
    escalation: 0.0,
  };
}

/** Running aggregates of one conversation, per sender. `add` returns the sender's features after a message. */
export class ConversationStats {
  /** labelIndex: label name -> column of a probability row (from the model's manifest; never by position). */
  constructor(labelIndex) {
    this._tacticCols = TACTICS.map((t) => labelIndex[t]);
    this._risk = labelIndex.grooming_risk;
    this._minor = labelIndex.minor_signal;
    this.senders = new Map();
  }

  /** Folds one message's probabilities (a row of Scorer.probabilities) into `sender`'s aggregates. */
  add(sender, row) {
    let s = this.senders.get(sender);
    if (s === undefined) {
      s = newSender();
      this.senders.set(sender, s);
    }
    const tactic = this._tacticCols.map((c) => row[c]);
    for (let j = 0; j < K; j++) {
      s.maxT[j] = Math.max(s.maxT[j], tactic[j]);
      s.sumT[j] += tactic[j];
    }
    const risk = row[this._risk];
    s.riskMax = Math.max(s.riskMax, risk);
    s.riskSum += risk;
    s.minorMax = Math.max(s.minorMax, row[this._minor]);
    s.n += 1;
    if (s.earlySeen && LATE_COLS.some((j) => tactic[j] >= SHOWN)) s.escalation = 1.0; // late after early
    if (EARLY_COLS.some((j) => tactic[j] >= SHOWN)) s.earlySeen = true;
    return this.features(sender);
  }

  /** Float32Array [N_FEATURES] for `sender` given everything added so far. */
  features(sender) {
    const out = new Float32Array(N_FEATURES);
    let minorOther = null;
    for (const [name, o] of this.senders) {
      if (name !== sender && (minorOther === null || o.minorMax > minorOther)) minorOther = o.minorMax;
    }
    minorOther ??= 0.0;
    out[2 * K + 3] = minorOther;
    const s = this.senders.get(sender);
    if (s === undefined || s.n === 0) return out;
    out.set(s.maxT, 0);
    for (let j = 0; j < K; j++) out[K + j] = Math.min(s.sumT[j], SUM_CAP) / SUM_CAP;
    out[2 * K] = s.riskMax;
    out[2 * K + 1] = Math.min(s.riskSum, SUM_CAP) / SUM_CAP;
    out[2 * K + 2] = s.riskSum / s.n;
    out[2 * K + 4] = s.minorMax;
    out[2 * K + 5] = s.maxT.filter((m) => m >= SHOWN).length / K;
    out[2 * K + 6] = s.escalation;
    out[2 * K + 7] = Math.min(Math.log1p(s.n) / Math.log1p(SATURATION), 1.0);
    out[2 * K + 8] = minorOther * s.riskMax;
    out[2 * K + 9] = minorOther * Math.max(...s.maxT);
    return out;
  }
}

/** Features of the last message's sender after replaying a whole conversation (rows of probabilities, senders). */
export function conversationFeatures(probs, senders, labelIndex) {
  if (probs.length !== senders.length) throw new RangeError("probs and senders must have the same length");
  const stats = new ConversationStats(labelIndex);
  let out = new Float32Array(N_FEATURES);
  probs.forEach((row, i) => {
    out = stats.add(senders[i], row);
  });
  return out;
}
