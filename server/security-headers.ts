import crypto from "node:crypto";
import type { RequestHandler } from "express";
import helmet from "helmet";

/** A fresh CSP nonce per response, for the scripts Remix renders. */
export const cspNonce: RequestHandler = (_req, res, next) => {
  res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
  next();
};

/**
 * The only inline style attributes a page may carry: the two the chart library writes on the
 * quality trend chart at its fixed size (app/components/quality-charts.tsx). `'unsafe-hashes'`
 * admits these exact values and nothing else; every other style comes from our stylesheet.
 */
export const ALLOWED_STYLE_ATTRIBUTES = ["position:relative;cursor:default;width:640px;height:240px", "width:100%;height:100%"] as const;

const sha256 = (value: string) => `'sha256-${crypto.createHash("sha256").update(value).digest("base64")}'`;

export const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      "default-src": ["'self'"],
      "script-src": ["'self'", (_req, res) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`],
      "style-src": ["'self'"],
      "style-src-attr": ["'unsafe-hashes'", ...ALLOWED_STYLE_ATTRIBUTES.map(sha256)],
      "img-src": ["'self'", "data:"],
      "font-src": ["'self'"],
      "connect-src": ["'self'"],
      "form-action": ["'self'"],
      "frame-ancestors": ["'none'"],
      "base-uri": ["'none'"],
      "object-src": ["'none'"],
    },
  },
  referrerPolicy: { policy: "same-origin" },
  frameguard: { action: "deny" },
  crossOriginEmbedderPolicy: false,
  strictTransportSecurity: false,
});

/**
 * Cross-site form posts are refused before they reach an action. SameSite=Lax already keeps
 * the session cookie off them; this also stops login CSRF.
 */
export const sameOriginWrites: RequestHandler = (req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  const origin = req.get("origin");
  if (origin) {
    if (hostOf(origin) !== req.get("host")) {
      res.status(403).type("text/plain").send("Cross-origin request refused / 拒绝跨站请求");
      return;
    }
  }
  next();
};

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
