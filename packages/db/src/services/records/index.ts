export * from "./governance";
export * from "./staffing";
export * from "./tenders";
export * from "./segments";
export * from "./market";
export * from "./exports";
