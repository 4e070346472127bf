import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

/** One registry per server, built in server.ts: no module-level metric singletons. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpRequests = new Counter({
    name: "trustline_http_requests_total",
    help: "HTTP requests by method and status class",
    labelNames: ["method", "status"] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: "trustline_http_request_duration_seconds",
    help: "HTTP request duration",
    labelNames: ["method"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const socketConnections = new Counter({
    name: "trustline_socket_connections_total",
    help: "socket.io connections accepted",
    registers: [registry],
  });
  const accessRefusals = new Counter({
    name: "trustline_access_refusals_total",
    help: "Refusals of signed-in actors (403, not found, not allowed), audited or past the session's allowance",
    labelNames: ["channel", "audited"] as const,
    registers: [registry],
  });
  return { registry, httpRequests, httpDuration, socketConnections, accessRefusals };
}

export type Metrics = ReturnType<typeof createMetrics>;
