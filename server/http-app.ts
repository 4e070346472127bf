import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import express, { type ErrorRequestHandler } from "express";
import { databaseUnavailable, RETRY_AFTER_SECONDS } from "../app/utils/responses.server";
import { describeUnavailable, isDatabaseUnavailable } from "../db/errors";
import { findRoles } from "../domain/accounts/find-account";
import { sessionTokenFromCookieHeader } from "../app/utils/cookies.server";
import { resolveSession } from "../domain/sessions/sessions";
import type { SocketControl } from "../app/load-context";
import type { Logger } from "./logger";
import type { Metrics } from "./metrics";
import type { Services } from "./open-services";
import { refusalRecorder } from "./access-refusals";
import { bodySizeLimit } from "./body-size-limit";
import { cspNonce, sameOriginWrites, securityHeaders } from "./security-headers";
import { visitorCookie } from "./visitor-cookie";

/** The Express app: operations endpoints, static assets, then every page through Remix. */
export function createHttpApp(options: {
  build: ServerBuild;
  services: Services;
  logger: Logger;
  metrics: Metrics;
  sockets: SocketControl;
  root: string;
}) {
  const { build, services, logger, metrics, sockets } = options;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", services.env.TRUST_PROXY);

  app.use((req, res, next) => {
    const requestId = crypto.randomUUID();
    res.locals.requestId = requestId;
    res.setHeader("X-Request-Id", requestId);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequests.inc({ method: req.method, status: `${Math.floor(res.statusCode / 100)}xx` });
      metrics.httpDuration.observe({ method: req.method }, seconds);
      // Path only: query strings and bodies may carry personal data.
      logger.info({ requestId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(seconds * 1000) }, "request");
    });
    next();
  });

  app.get("/healthz", (_req, res) => {
    res.type("text/plain").send("ok");
  });

  app.get("/readyz", async (_req, res) => {
    try {
      await services.database.ping();
      res.type("text/plain").send("ready");
    } catch {
      res.status(503).type("text/plain").send("database unreachable");
    }
  });

  // Express 4 does not catch a rejected handler: passed on, a database outage answers 503
  // (onError) instead of an unhandled rejection that would end the process.
  app.get("/metrics", async (req, res, next) => {
    try {
      if (!(await mayReadMetrics(req.get("authorization"), req.get("cookie")))) {
        res.status(403).type("text/plain").send("forbidden");
        return;
      }
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    } catch (error) {
      next(error);
    }
  });

  app.use(cspNonce, securityHeaders, sameOriginWrites, bodySizeLimit, visitorCookie(services.domain.cipher));
  app.use("/build", express.static(path.join(options.root, "public/build"), { immutable: true, maxAge: "1y" }));
  // A page is never a file: only paths under public/'s own entries are looked up on disk.
  const publicEntries = new Set(fs.readdirSync(path.join(options.root, "public")));
  const publicFiles = express.static(path.join(options.root, "public"), { maxAge: "1h" });
  app.use((req, res, next) => (publicEntries.has(req.path.split("/")[1]!) ? publicFiles(req, res, next) : next()));

  // Refusals of signed-in people go to the audit trail: every 403, and every 404, which never says
  // whether the object exists but someone else's. Visitors are sent to sign in and not recorded:
  // anyone could flood the trail that way.
  const recordRefusal = refusalRecorder({ services, logger, metrics });
  app.use((req, res, next) => {
    res.on("finish", () => {
      if (res.statusCode !== 403 && res.statusCode !== 404) return;
      void signedInSession(req.get("cookie"))
        .then((session) => {
          if (session) recordRefusal({ ...session, channel: "http", target: `${req.method} ${req.path}`, answer: String(res.statusCode) });
        })
        .catch((error: unknown) => logger.error({ err: error }, "access refusal not recorded"));
    });
    next();
  });

  app.all(
    "*",
    createRequestHandler({
      build: answeringDatabaseOutages(build, logger),
      mode: build.mode,
      getLoadContext: (req, res): AppLoadContext => ({
        clientIp: req.ip ?? "unknown",
        sockets,
        services,
        logger,
        metrics,
        cspNonce: res.locals.cspNonce as string,
        requestId: res.locals.requestId as string,
      }),
    }),
  );

  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    if (isDatabaseUnavailable(error)) {
      logger.warn({ reason: describeUnavailable(error), requestId: res.locals.requestId }, "database unavailable");
      if (!res.headersSent) res.status(503).set("Retry-After", String(RETRY_AFTER_SECONDS)).type("text/plain").send("Briefly unavailable, please try again / 服务暂时不可用，请稍后重试");
      return;
    }
    logger.error({ err: error, requestId: res.locals.requestId }, "unhandled request error");
    if (!res.headersSent) res.status(500).type("text/plain").send("Something went wrong / 出错了");
  };
  app.use(onError);

  async function signedInSession(cookie?: string): Promise<{ actorId: string; sessionId: string } | null> {
    const token = await sessionTokenFromCookieHeader(cookie);
    const viewer = token ? await resolveSession(services.domain, token) : null;
    if (!viewer || viewer.session.stage !== "active") return null;
    return { actorId: viewer.user.id, sessionId: viewer.session.id };
  }

  /** A scraper with METRICS_TOKEN, or a signed-in admin. */
  async function mayReadMetrics(authorization?: string, cookie?: string): Promise<boolean> {
    const metricsToken = services.env.METRICS_TOKEN;
    if (metricsToken && authorization) {
      const given = Buffer.from(authorization.replace(/^Bearer\s+/i, ""));
      const expected = Buffer.from(metricsToken);
      if (given.length === expected.length && crypto.timingSafeEqual(given, expected)) return true;
    }
    const token = await sessionTokenFromCookieHeader(cookie);
    if (!token) return false;
    const viewer = await resolveSession(services.domain, token);
    if (!viewer || viewer.session.stage !== "active" || viewer.user.kind !== "staff") return false;
    return (await findRoles(services.domain.db, viewer.user.id)).includes("admin");
  }

  return app;
}

/**
 * A database that is restarting or out of reach is no fault of the request: every loader and
 * action answers it with a 503 to retry (databaseUnavailable), never a 500 — once, here, at the
 * boundary, as a broken domain rule becomes its status in one place. The process keeps running
 * and the pool reconnects by itself once the database is back.
 *
 * An action runs with a copy of the load context: the session it found may have started, ended
 * or changed by the time the loaders that follow it run, and they look it up again.
 */
export function answeringDatabaseOutages(build: ServerBuild, logger: Logger): ServerBuild {
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => {
      const module = { ...route.module };
      const page = module.default !== undefined;
      for (const name of ["loader", "action"] as const) {
        const handle = route.module[name];
        if (!handle) continue;
        module[name] = async (args) => {
          try {
            return await handle(name === "action" ? { ...args, context: { ...args.context } } : args);
          } catch (error) {
            if (!isDatabaseUnavailable(error)) throw error;
            logger.warn({ reason: describeUnavailable(error), requestId: args.context.requestId, route: id }, "database unavailable");
            throw await databaseUnavailable(args.request, { page });
          }
        };
      }
      return [id, { ...route, module }];
    }),
  );
  return { ...build, routes };
}
