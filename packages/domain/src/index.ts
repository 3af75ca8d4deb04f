export * from "./roles";
export * from "./membership-rules";
export * from "./schemas";
export * from "./i18n";
export * from "./messages";
export * from "./errors";
export * from "./describe-error";
export * from "./documents";
