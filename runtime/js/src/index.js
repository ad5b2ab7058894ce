// groomguard: flags grooming messages in chats, on the device. The featurizer, the Scorer and the ConversationMonitor.
export {
  DEFAULT_CONFIG,
  featurize,
  featurizeBatch,
  featurizeNormalized,
  featurizerConfig,
  normalize,
  normalizedLength,
  specialFeatures,
} from "./featurizer.js";
export {
  ConversationStats,
  conversationFeatures,
  FEATURE_NAMES,
  N_FEATURES,
  TACTICS,
  WINDOW_COLUMN,
} from "./conversation.js";
export { ModelError } from "./model.js";
export { ConversationMonitor } from "./monitor.js";
export { StateError } from "./saved.js";
export { PRESETS, Scorer } from "./scorer.js";
