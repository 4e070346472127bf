import type { Server, Socket } from "socket.io";
import { sessionTokenFromCookieHeader } from "../app/utils/cookies.server";
import { findRoles } from "../domain/accounts/find-account";
import { resolveSession } from "../domain/sessions/sessions";
import type { Logger } from "./logger";
import type { Metrics } from "./metrics";
import type { Services } from "./open-services";

export interface SocketIdentity {
  userId: string | null;
  kind: "visitor" | "customer" | "staff";
  roles: string[];
}

/**
 * Identity on a socket comes from the server-side session checked at the handshake, never
 * from anything the client claims; visitors connect without one. The namespaces that carry
 * chat hang off this.
 */
export function attachSockets(io: Server, deps: { services: Services; logger: Logger; metrics: Metrics }) {
  io.use(async (socket: Socket, next) => {
    try {
      const token = await sessionTokenFromCookieHeader(socket.handshake.headers.cookie);
      const resolved = token ? await resolveSession(deps.services.domain, token) : null;
      const active = resolved && resolved.session.stage === "active" ? resolved : null;
      const identity: SocketIdentity = active
        ? {
            userId: active.user.id,
            kind: active.user.kind,
            roles: active.user.kind === "staff" ? await findRoles(deps.services.domain.db, active.user.id) : [],
          }
        : { userId: null, kind: "visitor", roles: [] };
      socket.data.identity = identity;
      deps.metrics.socketConnections.inc();
      next();
    } catch (error) {
      deps.logger.error({ err: error }, "socket handshake failed");
      next(new Error("handshake failed"));
    }
  });
}
