export * from "./lifecycle";
export * from "./staffing";
export * from "./market";
export * from "./permissions";
export * from "./vocabulary";
export * from "./schemas";
export * from "./ocds";
