import http from "node:http";
import { percentile } from "./stats";

export interface HttpRequestSpec {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
  /** Answers of 400 and above, and failed connections. */
  errors: number;
  count: number;
}

/**
 * A closed loop of `connections` keep-alive connections to `baseUrl`, each sending the next
 * request as soon as the last is answered, for `seconds`. What a browser population does at
 * saturation: the throughput is the server's, the latencies include queueing.
 */
export async function httpLoad(options: { baseUrl: string; connections: number; seconds: number; request: (i: number) => HttpRequestSpec; expectStatus?: number[] }): Promise<LoadResult> {
  const url = new URL(options.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  const started = performance.now();
  const end = started + options.seconds * 1000;
  const one = (spec: HttpRequestSpec) =>
    new Promise<number>((resolve) => {
      const req = http.request(
        { host: url.hostname, port: url.port, method: spec.method ?? "GET", path: spec.path, headers: spec.headers, agent },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
          res.on("error", () => resolve(0));
        },
      );
      req.on("error", () => resolve(0));
      req.end(spec.body);
    });
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < end) {
        const at = performance.now();
        const status = await one(options.request(sent++));
        latencies.push(performance.now() - at);
        if (options.expectStatus ? !options.expectStatus.includes(status) : status === 0 || status >= 400) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors, count: latencies.length };
}
