// Features of one sender within a conversation, kept as running aggregates of the message scores: a port of
// runtime/conversation.py (ConversationStats). The conversation head of the model (inside the ONNX graph, input
// `conv_features`) reads them. Arithmetic is float64 as in Python, and every feature is rounded to float32 once, as
// numpy does when it stores it, so the features equal Python's bit for bit.
//
// Version 2 (model format 2) adds, beside the per-sender maxima and sums: per-sender means smoothed by PRIOR (tactics,
// sexual content, own minor signal, window logit), the other senders' mean minor signal, and the window score: the
// mean of the model's window logits over the conversation's last WINDOW messages (both sides), and its peak once the
// ring held WINDOW_MIN messages. A probability row's window logit is its column `window_logit` of the label index
// (Scorer.windowIndex); without it the window logits are 0.
//
// Version 4 (model format 5) reads the two sides against each other: the other senders' mean strongest tactic, who
// leads in minor signals (the others' mean above the sender's own, else 0) and in tactics (the sender's mean above
// the others', else 0), and their products with the sender's tactics and the window.

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
/** The window score is the mean of the last this many messages' window logits (both participants). */
export const WINDOW = 20;
/** The window's peak is taken once it holds at least this many messages. */
export const WINDOW_MIN = 5;
/** Window logits are clipped to [-WINDOW_CLIP, WINDOW_CLIP] and scaled to [-1, 1]. */
export const WINDOW_CLIP = 8.0;
/** Means over a sender's lines are sum / (n + PRIOR): a single line cannot make a mean of 1. */
export const PRIOR = 3.0;
/** The key of the window logit's column in a label index (the column after the labels). */
export const WINDOW_COLUMN = "window_logit";

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
  "mean_tactic",
  "mean_sexual",
  "mean_minor_self",
  "mean_minor_other",
  "mean_window_self",
  "window_now",
  "window_peak",
  "window_peak_x_mean_tactic",
  "mean_tactic_x_minor_other",
  "window_peak_x_minor_other",
  "window_peak_x_minor_self",
  ...TACTICS.map((t) => `mean_${t}`),
  "mean_tactic_other",
  "minor_lead",
  "tactic_lead",
  "mean_tactic_x_minor_lead",
  "window_peak_x_minor_lead",
  "window_peak_x_tactic_lead",
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
    sumTactic: 0.0,
    sumSexual: 0.0,
    sumMinor: 0.0,
    sumWindow: 0.0,
  };
}

const clip = (x, lo, hi) => Math.min(Math.max(x, lo), hi);

/** Running aggregates of one conversation, per sender. `add` returns the sender's features after a message. */
export class ConversationStats {
  /**
   * labelIndex: label name -> column of a probability row (from the model's manifest; never by position), and
   * `window_logit` -> the window logit's column (Scorer.windowIndex).
   */
  constructor(labelIndex) {
    this._tacticCols = TACTICS.map((t) => labelIndex[t]);
    this._risk = labelIndex.grooming_risk;
    this._minor = labelIndex.minor_signal;
    this._sexual = labelIndex.sexual_content;
    this._window = labelIndex[WINDOW_COLUMN];
    this.senders = new Map();
    this.minorTotal = 0.0; // sum of every message's minor_signal, all senders
    this.tacticTotal = 0.0; // sum of every message's strongest tactic, all senders
    this.nTotal = 0;
    this.ring = new Float64Array(WINDOW); // the last WINDOW window logits, at message count % WINDOW
    this.ringCount = 0;
    this.windowPeak = -1.0; // the highest window_now once the ring held WINDOW_MIN messages
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
    const minor = row[this._minor];
    s.minorMax = Math.max(s.minorMax, minor);
    s.n += 1;
    if (s.earlySeen && LATE_COLS.some((j) => tactic[j] >= SHOWN)) s.escalation = 1.0; // late after early
    if (EARLY_COLS.some((j) => tactic[j] >= SHOWN)) s.earlySeen = true;
    const strongest = Math.max(...tactic);
    s.sumTactic += strongest;
    s.sumSexual += row[this._sexual];
    s.sumMinor += minor;
    const window = this._window === undefined ? 0.0 : row[this._window];
    s.sumWindow += window;
    this.minorTotal += minor;
    this.tacticTotal += strongest;
    this.nTotal += 1;
    this.ring[this.ringCount % WINDOW] = window;
    this.ringCount += 1;
    if (this.ringCount >= WINDOW_MIN) this.windowPeak = Math.max(this.windowPeak, this._windowNow());
    return this.features(sender);
  }

  /** The mean of the ring's window logits (summed in ring order, as Python), clipped and scaled to [-1, 1]. */
  _windowNow() {
    const count = Math.min(this.ringCount, WINDOW);
    if (count === 0) return 0.0;
    let total = 0.0;
    for (let k = 0; k < count; k++) total += this.ring[k];
    return clip(total / count, -WINDOW_CLIP, WINDOW_CLIP) / WINDOW_CLIP;
  }

  /** Float32Array [N_FEATURES] for `sender` given everything added so far. */
  features(sender) {
    const out = new Float32Array(N_FEATURES);
    let minorOther = 0.0; // the highest minor_signal of the other senders (probabilities: never below 0)
    for (const [name, o] of this.senders) {
      if (name !== sender && o.minorMax > minorOther) minorOther = o.minorMax;
    }
    const s = this.senders.get(sender) ?? newSender();
    const nOther = this.nTotal - s.n;
    const meanMinorOther = nOther ? (this.minorTotal - s.sumMinor) / (nOther + PRIOR) : 0.0;
    const meanTacticOther = nOther ? (this.tacticTotal - s.sumTactic) / (nOther + PRIOR) : 0.0;
    const windowNow = this._windowNow();
    const windowPeak = this.ringCount >= WINDOW_MIN ? this.windowPeak : windowNow;
    out.set(s.maxT, 0);
    for (let j = 0; j < K; j++) out[K + j] = Math.min(s.sumT[j], SUM_CAP) / SUM_CAP;
    out[2 * K] = s.riskMax;
    out[2 * K + 1] = Math.min(s.riskSum, SUM_CAP) / SUM_CAP;
    out[2 * K + 2] = s.riskSum / Math.max(s.n, 1);
    out[2 * K + 3] = minorOther;
    out[2 * K + 4] = s.minorMax;
    out[2 * K + 5] = s.maxT.filter((m) => m >= SHOWN).length / K;
    out[2 * K + 6] = s.escalation;
    out[2 * K + 7] = Math.min(Math.log1p(s.n) / Math.log1p(SATURATION), 1.0);
    out[2 * K + 8] = minorOther * s.riskMax;
    out[2 * K + 9] = minorOther * Math.max(...s.maxT);
    const meanTactic = s.sumTactic / (s.n + PRIOR);
    const meanMinorSelf = s.sumMinor / (s.n + PRIOR);
    out[2 * K + 10] = meanTactic;
    out[2 * K + 11] = s.sumSexual / (s.n + PRIOR);
    out[2 * K + 12] = meanMinorSelf;
    out[2 * K + 13] = meanMinorOther;
    out[2 * K + 14] = clip(s.sumWindow / (s.n + PRIOR), -WINDOW_CLIP, WINDOW_CLIP) / WINDOW_CLIP;
    out[2 * K + 15] = windowNow;
    out[2 * K + 16] = windowPeak;
    out[2 * K + 17] = windowPeak * meanTactic;
    out[2 * K + 18] = meanTactic * meanMinorOther;
    out[2 * K + 19] = windowPeak * meanMinorOther;
    out[2 * K + 20] = windowPeak * meanMinorSelf;
    for (let j = 0; j < K; j++) out[2 * K + 21 + j] = s.sumT[j] / (s.n + PRIOR);
    const minorLead = Math.max(meanMinorOther - meanMinorSelf, 0.0);
    const tacticLead = Math.max(meanTactic - meanTacticOther, 0.0);
    out[3 * K + 21] = meanTacticOther;
    out[3 * K + 22] = minorLead;
    out[3 * K + 23] = tacticLead;
    out[3 * K + 24] = meanTactic * minorLead;
    out[3 * K + 25] = windowPeak * minorLead;
    out[3 * K + 26] = windowPeak * tacticLead;
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
