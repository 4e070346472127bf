export * from "./enums";
export * from "./accounts";
export * from "./sessions";
export * from "./audit";
export * from "./service-requests";
export * from "./settings";
export * from "./mail";
export * from "./rate-limits";
