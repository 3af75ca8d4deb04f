export * from "./contract";
export * as tenderOperations from "./tenders";
