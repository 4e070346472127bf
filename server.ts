import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { warmUp } from "./bot/answer";
import { describeDemoAccounts, isEmpty, seedDemoData } from "./db/seed";
import { EnvError, loadEnv } from "./server/env";
import { createHttpApp } from "./server/http-app";
import { startJobs } from "./server/jobs";
import { createLogger } from "./server/logger";
import { startMail } from "./server/mail";
import { createMetrics } from "./server/metrics";
import { openServices } from "./server/open-services";
import { openSocketAdapter, RedisUnreachableError } from "./server/socket-adapter";
import { attachSockets, createSocketServer, disconnectSessions } from "./server/sockets";

const root = path.dirname(fileURLToPath(import.meta.url));

async function main() {
  const env = loadEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const metrics = createMetrics();
  const socketAdapter = await openSocketAdapter(env, logger);
  const services = await openServices(env);

  // Demo data only into an empty embedded database: never into a production PostgreSQL.
  if (env.SEED_DEMO === "auto" && services.database.driver === "pglite" && (await isEmpty(services.domain))) {
    await seedDemoData(services.domain);
    console.log(`\n${describeDemoAccounts()}\n`);
  }
  // Loads the Chinese dictionary now rather than on the first chat message.
  warmUp();
  const mail = await startMail(services, logger);

  const build = (await import(pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild;
  // Bound to socket.io below; requests only arrive once the server listens.
  const sockets = { disconnectSessions: (ids: readonly string[]) => disconnectSessions(io, ids) };
  const app = createHttpApp({ build, services, logger, metrics, sockets, root });
  const server = http.createServer(app);
  const io = createSocketServer(server, socketAdapter.adapter);
  const attached = attachSockets(io, { services, logger, metrics });
  const jobs = startJobs(services, attached, logger);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOST, resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  logger.info({ host: env.HOST, port, database: services.database.driver }, "Trustline is listening");
  console.log(`Trustline: http://${env.HOST}:${port} (database: ${services.database.driver})`);

  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    // Stop accepting, let in-flight requests finish, then give stragglers 10 s at most.
    const force = setTimeout(() => server.closeAllConnections(), 10_000);
    force.unref();
    io.close();
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    clearTimeout(force);
    await jobs.stop();
    await attached.chat.settled();
    await mail.stop();
    await services.database.close();
    // Last: whatever finished above may still have told other instances' sockets through it.
    await socketAdapter.close();
    logger.info("stopped");
    process.exit(0);
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof EnvError || error instanceof RedisUnreachableError || (error instanceof Error && error.name === "DataDirLockedError")) {
    console.error(error.message);
  } else {
    console.error("Trustline failed to start:", error);
  }
  process.exit(1);
});
