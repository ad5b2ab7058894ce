// Follow conversations over time: the running risk of each sender, tactics seen, and a sticky alert.
// A port of runtime/monitor.py (same semantics, camelCase names):
//
//   const monitor = new ConversationMonitor(scorer, { preset: "balanced" });
//   const state = await monitor.add("chat-1", "jake", "are your parents home?");
//   state.risk, state.alert, state.firstAlertIndex, state.tacticsSeen
//   state.contextRisk, state.flagged  // this message's risk in its conversation (the context head), and its flag
//
// The conversation head of the model reads running aggregates of each sender's message scores and the window head's
// logits of the conversation's recent messages (conversation.js).
// Memory is bounded: a few numbers per sender whatever the conversation's length, a cap on the message indices kept as
// evidence, and (optionally) a cap on conversations, dropping the least recently active. Calls take effect in the order
// they are made, even when not awaited one by one (each call queues its update synchronously, before its first await).

import {
  ConversationStats,
  FEATURE_NAMES,
  N_FEATURES,
  PRIOR,
  SATURATION,
  SHOWN,
  SUM_CAP,
  TACTICS,
  WINDOW,
  WINDOW_CLIP,
  WINDOW_MIN,
} from "./conversation.js";
import { addEvidence, MAX_EVIDENCE } from "./evidence.js";
import { typeName } from "./featurizer.js";
import { ModelError } from "./model.js";
import { decidedWith, exportConversation, importConversation } from "./saved.js";
import { checkPreset, checkThreshold, RISK } from "./scorer.js";

export { addEvidence, MAX_EVIDENCE };

function newSender() {
  return { risk: 0.0, alert: false, firstAlertIndex: null, tactics: new Map(), evidence: [], messages: 0 };
}

export class ConversationMonitor {
  /**
   * options: preset (which of the model's thresholds decide alerts and flags; default: the scorer's preset);
   * threshold (a fixed threshold in [0, 1] for both the conversation risk, which alerts, and a message's risk in its
   * conversation, which flags, in place of the preset's two); maxConversations (null = no cap; past it the least
   * recently active conversation is dropped); onDrop (called as onDrop(conversationId, state) with the exportState
   * document of each conversation the cap drops, once the call that dropped it has updated it, so that an app can
   * keep it and importState it when the conversation comes back).
   */
  constructor(scorer, options = {}) {
    if (options === null || typeof options !== "object" || Array.isArray(options)) {
      throw new TypeError('options must be an object, e.g. { preset: "balanced" }');
    }
    const { preset = scorer.preset ?? "balanced", threshold = null, maxConversations = null, onDrop = null } = options;
    checkPreset(preset);
    checkThreshold(threshold);
    if (maxConversations !== null && !(Number.isInteger(maxConversations) && maxConversations >= 1)) {
      throw new RangeError("maxConversations must be null or an integer >= 1");
    }
    if (onDrop !== null && typeof onDrop !== "function") throw new TypeError("onDrop must be null or a function");
    checkConversationSettings(scorer.manifest.conversation);
    this.scorer = scorer;
    this.preset = preset;
    this.threshold = threshold !== null ? Number(threshold) : scorer.conversationThreshold(preset);
    // a message is flagged when its risk in context reaches this (`threshold`, when given, is used for both)
    this.contextThreshold = threshold !== null ? Number(threshold) : scorer.contextThreshold(preset);
    this.maxConversations = maxConversations;
    this.onDrop = onDrop;
    this._dropped = []; // [conversationId, conv] dropped by the cap, not yet given to onDrop
    this._index = scorer.windowIndex; // the labels' columns and the window logit's, after them
    this._width = Object.keys(this._index).length;
    this._tacticThreshold = TACTICS.map((t) => [t, scorer.messageThreshold(t, preset)]);
    this._conversations = new Map(); // insertion order = least recently active first
    this._queue = Promise.resolve();
  }

  /** Scores one message and updates its conversation; resolves to the sender's state. */
  async add(conversationId, sender, text) {
    return (await this.addMany([[conversationId, sender, text]]))[0];
  }

  /** Like calling add() on each [conversationId, sender, text] in order, with the model called once for all. */
  async addMany(messages) {
    messages = [...messages];
    for (const [cid, sender, text] of messages) {
      if (typeof text !== "string") throw new TypeError(`text must be a string, not ${typeName(text)}`);
      if (typeof cid !== "string" || typeof sender !== "string") {
        throw new TypeError("conversationId and sender must be strings");
      }
    }
    const probs = this.scorer.probabilities(messages.map((m) => m[2]), { window: true });
    probs.catch(() => {}); // awaited below, possibly after earlier calls; an error still reaches the caller
    return this._serial(async () => this._addScored(messages.map(([cid, sender]) => [cid, sender]), await probs));
  }

  /**
   * Updates conversations with messages scored by scorer.probabilities(texts, { window: true }); keys are
   * [conversationId, sender].
   */
  async addScored(keys, probs) {
    return this._serial(() => this._addScored(keys, probs));
  }

  _serial(work) {
    const result = this._queue.then(work);
    this._queue = result.catch(() => {});
    return result;
  }

  async _addScored(keys, probs) {
    if (keys.length !== probs.length) throw new RangeError("keys and probs must have the same length");
    for (const [cid, sender] of keys) {
      if (typeof cid !== "string" || typeof sender !== "string") {
        throw new TypeError("conversationId and sender must be strings");
      }
    }
    for (const row of probs) {
      if (row.length !== this._width) {
        throw new RangeError(
          `rows of ${row.length} columns; the monitor needs ${this._width}: the labels and the window logit, as ` +
            "scorer.probabilities(texts, { window: true }) returns them",
        );
      }
    }
    const features = new Float32Array(keys.length * N_FEATURES);
    const placed = keys.map(([cid, sender], m) => {
      const conv = this._conversation(cid);
      const index = conv.count++;
      features.set(conv.stats.add(sender, probs[m]), m * N_FEATURES);
      return [conv, cid, sender, index, probs[m]];
    });
    const own = probs.map((row) => row[this._index[RISK]]);
    const [risks, context] = keys.length
      ? await this.scorer.conversationAndContext(features, own, keys.length)
      : [[], []];
    const states = placed.map(([conv, cid, sender, index, row], m) =>
      this._update(conv, cid, sender, index, row, risks[m], context[m]),
    );
    this._giveDropped();
    return states;
  }

  _conversation(cid) {
    let conv = this._conversations.get(cid);
    if (conv === undefined) {
      conv = { stats: new ConversationStats(this._index), senders: new Map(), count: 0 };
      this._conversations.set(cid, conv);
      this._cap();
    } else {
      this._conversations.delete(cid); // move to the end: most recently active
      this._conversations.set(cid, conv);
    }
    return conv;
  }

  // `conv` is the conversation the message was folded into, as Python's monitor does: a batch with more new
  // conversations than maxConversations can drop it before its update, and looking it up again by id would find
  // (or make) another one.
  _update(conv, cid, sender, index, row, risk, contextRisk) {
    if (!conv.senders.has(sender)) conv.senders.set(sender, newSender());
    const s = conv.senders.get(sender);
    s.messages += 1;
    s.risk = risk;
    // The alert goes to the sender the conversation points at: no other sender may have a higher risk (monitor.py).
    if (!s.alert && risk >= this.threshold && leads(conv, risk)) {
      s.alert = true;
      s.firstAlertIndex = index;
    }
    for (const [tactic, t] of this._tacticThreshold) {
      if (row[this._index[tactic]] >= t) {
        if (!s.tactics.has(tactic)) s.tactics.set(tactic, []);
        const seen = s.tactics.get(tactic);
        if (seen.length < MAX_EVIDENCE) seen.push(index);
      }
    }
    // evidence: the flagged (in context) messages with the highest grooming risk of their own
    const flagged = contextRisk >= this.contextThreshold;
    if (flagged) addEvidence(s.evidence, row[this._index[RISK]], index);
    return {
      conversationId: cid,
      sender,
      messageIndex: index,
      risk,
      contextRisk,
      flagged,
      alert: s.alert,
      firstAlertIndex: s.firstAlertIndex,
      tacticsSeen: Object.fromEntries([...s.tactics].map(([k, v]) => [k, [...v]])),
      evidence: sortedIndices(s.evidence),
      message: this.scorer.toScore(row),
    };
  }

  /** Summary per sender of a conversation: risk, alert, firstAlertIndex, tacticsSeen, evidence, messages. */
  senders(conversationId) {
    const conv = this._conversations.get(conversationId);
    if (conv === undefined) return {};
    return Object.fromEntries(
      [...conv.senders].map(([name, s]) => [
        name,
        {
          risk: s.risk,
          alert: s.alert,
          firstAlertIndex: s.firstAlertIndex,
          tacticsSeen: Object.fromEntries([...s.tactics].map(([k, v]) => [k, [...v]])),
          evidence: sortedIndices(s.evidence),
          messages: s.messages,
        },
      ]),
    );
  }

  /**
   * Resolves to the conversation's whole state as a JSON-ready object, for importState() after a restart (in this
   * runtime or the Python one: the same document, runtime/FEATURES.md). It holds no message text: the conversation id
   * and sender names as given, numbers and message indices. Taken in call order, after the updates queued before it.
   */
  async exportState(conversationId) {
    return this._serial(() => {
      const conv = this._conversations.get(conversationId);
      if (conv === undefined) throw new RangeError(`no conversation ${JSON.stringify(conversationId)} is held`);
      return exportConversation(conversationId, conv, this._decidedWith());
    });
  }

  /**
   * Puts back a conversation saved by exportState() (replacing one of the same id) as the most recently active, and
   * resolves to its id; the monitor then goes on as if it had never stopped. Rejects with a StateError saying why
   * when the state was saved with another model or other thresholds, or is not a saved state.
   */
  async importState(state) {
    return this._serial(() => {
      const [cid, conv] = importConversation(state, this._index, this._decidedWith());
      this._conversations.delete(cid);
      this._conversations.set(cid, conv);
      this._cap();
      this._giveDropped();
      return cid;
    });
  }

  /** Drops the least recently active conversation past maxConversations (kept for onDrop). */
  _cap() {
    if (this.maxConversations !== null && this._conversations.size > this.maxConversations) {
      const [cid, conv] = this._conversations.entries().next().value;
      this._conversations.delete(cid);
      if (this.onDrop !== null) this._dropped.push([cid, conv]);
    }
  }

  /**
   * Hands each conversation the cap dropped to onDrop, once the call that dropped it has updated it. One whose onDrop
   * threw (a full disk, say) is handed over again at the monitor's next call, not lost.
   */
  _giveDropped() {
    while (this._dropped.length) {
      const [cid, conv] = this._dropped[0];
      this.onDrop(cid, exportConversation(cid, conv, this._decidedWith()));
      this._dropped.shift();
    }
  }

  _decidedWith() {
    const tactics = Object.fromEntries(this._tacticThreshold);
    return decidedWith(this.scorer.manifest.sha256, this.threshold, this.contextThreshold, tactics);
  }

  conversationIds() {
    return [...this._conversations.keys()];
  }

  /** Forgets a conversation (e.g. when the user clears it). */
  reset(conversationId) {
    this._conversations.delete(conversationId);
  }

  get size() {
    return this._conversations.size;
  }
}

/** The model's conversation head must read the features this runtime computes, with the same constants. */
function checkConversationSettings(settings = {}) {
  const expected = {
    features: FEATURE_NAMES,
    saturation: SATURATION,
    shown: SHOWN,
    sum_cap: SUM_CAP,
    window: WINDOW,
    window_min: WINDOW_MIN,
    window_clip: WINDOW_CLIP,
    prior: PRIOR,
  };
  for (const [key, value] of Object.entries(expected)) {
    if (key in settings && JSON.stringify(settings[key]) !== JSON.stringify(value)) {
      throw new ModelError(
        `the model's conversation ${key} ${JSON.stringify(settings[key])} differs from this runtime's ` +
          `${JSON.stringify(value)}: use the groomguard release the model was made for`,
      );
    }
  }
}

function sortedIndices(evidence) {
  return evidence.map(([, i]) => i).sort((a, b) => a - b);
}

/** No sender of the conversation has a risk above `risk` (the sender's own, already stored, is equal). */
function leads(conv, risk) {
  for (const other of conv.senders.values()) if (other.risk > risk) return false;
  return true;
}
