export * from "./templates";
export * from "./search";
