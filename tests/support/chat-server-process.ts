// The product's chat server as a process of its own, as server.ts builds it but without the web
// portal (which needs the Remix production build): database, bot, Redis adapter when REDIS_URL
// is set, and the socket server. Its background jobs run when the test asks (IPC), not on their
// timers. Started by tests/support/server-process.ts.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { warmUp } from "../../bot/answer";
import { loadEnv } from "../../server/env";
import { backgroundJobs } from "../../server/jobs";
import { createLogger } from "../../server/logger";
import { createMetrics } from "../../server/metrics";
import { openServices } from "../../server/open-services";
import { openSocketAdapter } from "../../server/socket-adapter";
import { attachSockets, createSocketServer, disconnectSessions } from "../../server/sockets";
import type { ServerProcessReport, ServerProcessRequest } from "./server-process";

const env = loadEnv();
const logger = createLogger(env.LOG_LEVEL);
const socketAdapter = await openSocketAdapter(env, logger);
const services = await openServices(env);
warmUp();
const server = http.createServer();
const io = createSocketServer(server, socketAdapter.adapter);
const jobs = backgroundJobs(services, attachSockets(io, { services, logger, metrics: createMetrics() }));
await new Promise<void>((resolve) => server.listen(env.PORT, env.HOST, resolve));

const report = (message: ServerProcessReport) => process.send?.(message);
// What the portal's sign-out route does after ending the session (app/routes/logout.tsx).
process.on("message", (request: ServerProcessRequest) => {
  if ("runJobs" in request) {
    void (async () => {
      const ran: Record<string, unknown> = {};
      for (const name of request.runJobs) {
        const job = jobs.find((j) => j.name === name);
        if (!job) throw new Error(`no background job named ${name}`);
        ran[name] = await job.run();
      }
      report({ jobsRan: ran });
    })();
    return;
  }
  disconnectSessions(io, request.disconnectSessions);
  report({ disconnected: request.disconnectSessions });
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await new Promise<void>((resolve) => io.close(() => resolve()));
  await socketAdapter.close();
  await services.database.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
// The test process went away without stopping this one.
process.on("disconnect", () => void stop());
report({ port: (server.address() as AddressInfo).port });
