import type http from "node:http";
import { Server, type Namespace, type ServerOptions, type Socket } from "socket.io";
import { Decoder, Encoder } from "socket.io-parser";
import { describeUnavailable, isDatabaseUnavailable } from "../db/errors";
import { sessionTokenFromCookieHeader } from "../app/utils/cookies.server";
import { findRoles } from "../domain/accounts/find-account";
import { resolveSession } from "../domain/sessions/sessions";
import { attachChat } from "./chat-namespace";
import { openMessageRateLimit } from "./message-rate-limit";
import { attachDesk } from "./desk-namespace";
import type { Logger } from "./logger";
import type { Metrics } from "./metrics";
import type { Services } from "./open-services";
import { visitorIdFromCookieHeader } from "./visitor-cookie";

export interface SocketIdentity {
  userId: string | null;
  /** The server-side session behind the socket: signing out closes its sockets. */
  sessionId: string | null;
  /** The signed visitor id of someone not signed in (null when the cookie is missing or forged). */
  visitorId: string | null;
  kind: "visitor" | "customer" | "staff";
  roles: string[];
}

export interface SocketDeps {
  services: Services;
  logger: Logger;
  metrics: Metrics;
}

/**
 * Identity on a socket comes from the server-side session (or the server-signed visitor
 * cookie) checked at the handshake, never from anything the client claims.
 */
function identify(deps: SocketDeps) {
  return async (socket: Socket, next: (error?: Error) => void) => {
    try {
      const cookie = socket.handshake.headers.cookie;
      const token = await sessionTokenFromCookieHeader(cookie);
      const resolved = token ? await resolveSession(deps.services.domain, token) : null;
      const active = resolved && resolved.session.stage === "active" ? resolved : null;
      const identity: SocketIdentity = active
        ? {
            userId: active.user.id,
            sessionId: active.session.id,
            visitorId: null,
            kind: active.user.kind,
            roles: active.user.kind === "staff" ? await findRoles(deps.services.domain.db, active.user.id) : [],
          }
        : {
            userId: null,
            sessionId: null,
            visitorId: visitorIdFromCookieHeader(cookie, deps.services.domain.cipher),
            kind: "visitor",
            roles: [],
          };
      socket.data.identity = identity;
      deps.metrics.socketConnections.inc();
      next();
    } catch (error) {
      // The database briefly down: the client tries again (docs/chat-protocol.md).
      if (isDatabaseUnavailable(error)) {
        deps.logger.warn({ reason: describeUnavailable(error) }, "socket handshake while the database is unavailable");
        return next(new Error("unavailable"));
      }
      deps.logger.error({ err: error }, "socket handshake failed");
      next(new Error("handshake failed"));
    }
  };
}

// A person may have a few tabs and devices open, not an unbounded number of sockets.
const MAX_SOCKETS_PER_PERSON = 5;

const personRoom = (identity: SocketIdentity) => `person:${identity.userId ?? identity.visitorId ?? "anonymous"}`;
const sessionRoom = (sessionId: string) => `session:${sessionId}`;
const namespacesOf = (io: Server): Namespace[] => [io.of("/"), io.of("/chat"), io.of("/desk")];

function limitPerPerson(namespace: Namespace) {
  return async (socket: Socket, next: (error?: Error) => void) => {
    const identity = socket.data.identity as SocketIdentity;
    if (!identity.userId && !identity.visitorId) return next();
    const open = await namespace.in(personRoom(identity)).fetchSockets();
    next(open.length >= MAX_SOCKETS_PER_PERSON ? new Error("too_many_connections") : undefined);
  };
}

export function attachSockets(io: Server, deps: SocketDeps) {
  for (const namespace of namespacesOf(io)) {
    namespace.use(identify(deps));
    namespace.use(limitPerPerson(namespace));
    namespace.on("connection", (socket) => {
      const identity = socket.data.identity as SocketIdentity;
      void socket.join([personRoom(identity), ...(identity.sessionId ? [sessionRoom(identity.sessionId)] : [])]);
    });
  }
  const messageLimit = openMessageRateLimit(deps.services.env);
  attachDesk(io, deps, messageLimit);
  return { chat: attachChat(io, deps, messageLimit) };
}

/** Closes every socket of these sessions, on every instance (the adapter carries it). */
export function disconnectSessions(io: Server, sessionIds: readonly string[]): void {
  for (const namespace of namespacesOf(io)) {
    for (const id of sessionIds) namespace.in(sessionRoom(id)).disconnectSockets(true);
  }
}

/**
 * The protocol (docs/chat-protocol.md) is JSON text only. The standard decoder would also take
 * binary frames, and for a binary packet hold on to what it has read until the announced
 * attachments arrive; and it reads an acknowledgement id of any length as a number. Such a frame
 * from our clients is malformed: throwing here makes socket.io close that connection alone.
 */
export class ProtocolDecoder extends Decoder {
  override add(frame: unknown) {
    if (typeof frame !== "string") throw new Error("binary frames are not part of the protocol");
    // Packet types 5 and 6: a binary event or acknowledgement.
    if (/^[56]/.test(frame)) throw new Error("binary packets are not part of the protocol");
    const ackId = /^\d(?:\/[^,]*,)?(\d+)/.exec(frame)?.[1];
    if (ackId && !Number.isSafeInteger(Number(ackId))) throw new Error("acknowledgement id out of range");
    super.add(frame);
  }
}

/**
 * socket.io on the portal's own HTTP server: same origin only (checked at the handshake, since
 * browsers send cookies with cross-site websocket upgrades), small frames.
 */
export function createSocketServer(server: http.Server, adapter?: ServerOptions["adapter"]): Server {
  return new Server(server, {
    // Several instances: the Redis adapter (server/socket-adapter.ts) carries rooms between them.
    adapter,
    serveClient: false,
    parser: { Encoder, Decoder: ProtocolDecoder },
    cors: { origin: false },
    maxHttpBufferSize: 16 * 1024,
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      let sameOrigin = !origin;
      try {
        sameOrigin ||= new URL(origin!).host === req.headers.host;
      } catch {
        sameOrigin = false;
      }
      callback(null, sameOrigin);
    },
  });
}
