export * from "./contract";
export * as tenderOperations from "./tenders";
export * as recordOperations from "./records";
export * as workspaceOperations from "./workspace";
export * as assessmentOperations from "./assessments";
export * as documentOperations from "./documents";
export * as libraryOperations from "./library";
export * as accountOperations from "./account";
export * as directoryOperations from "./directory";
