import type { Metrics } from "../server/metrics";
import type { Logger } from "../server/logger";
import type { Services } from "../server/open-services";

/** What server.ts hands every loader and action (Remix getLoadContext). */
export interface TrustlineLoadContext {
  services: Services;
  logger: Logger;
  metrics: Metrics;
  cspNonce: string;
  requestId: string;
  /** The client address (behind a proxy only with TRUST_PROXY): for rate limits. */
  clientIp: string;
  /** Live connections: a session that ends takes its open sockets with it. */
  sockets: SocketControl;
}

export interface SocketControl {
  disconnectSessions(sessionIds: readonly string[]): void;
}

declare module "@remix-run/server-runtime" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends TrustlineLoadContext {}
}
