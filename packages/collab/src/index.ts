export { CollabHub, type CollabSocket, type HubOptions, type HubStats, type JoinRequest } from "./hub";
export { DocumentStore, DocumentLoadError, type LoadedDocument, type LoadedState } from "./store";
export { CONTENT_FIELD, initialState, outlineBlocks, plainText, replaceContent } from "./content";
export * from "./protocol";
export { seedDemoDocuments } from "./seed";
