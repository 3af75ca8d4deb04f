export { workspaceArchive, exportPlan, type ExportOptions, type ExportPlan } from "./export";
export { importWorkspaceArchive, parseArchive, suggestSlug, IMPORTED_ACCOUNT_PASSWORD, type ImportOptions, type ImportResult } from "./import";
export { openArchive, type ArchiveLimits } from "./read";
export { documentHtml, documentMarkdown, canonicalState } from "./render";
export { storedState } from "./stored-state";
