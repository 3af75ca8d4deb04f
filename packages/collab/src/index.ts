export { CollabHub, type CollabSocket, type HubOptions, type HubStats, type JoinRequest } from "./hub";
export { DocumentStore, DocumentLoadError, type LoadedDocument, type LoadedState } from "./store";
export { assertLoadableState, isLoadableState, UnloadableStateError } from "./integrity";
export { collabLimits, DEFAULT_MAX_DOCUMENT_BYTES, DEFAULT_MESSAGES_PER_SECOND, type CollabLimits } from "./limits";
export { colorFor, type PresenceUser } from "./presence";
export { CONTENT_FIELD, initialState, outlineBlocks, plainText, replaceContent } from "./content";
export * from "./protocol";
export { seedDemoDocuments } from "./seed";
