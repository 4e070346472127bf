export * from "./accounts";
export * from "./sessions";
export * from "./audit";
