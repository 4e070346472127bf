import http from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { setSessionCookie } from "../../app/utils/cookies.server";
import { loadEnv } from "../../server/env";
import { createLogger } from "../../server/logger";
import { createMetrics } from "../../server/metrics";
import type { Services } from "../../server/open-services";
import { attachSockets, createSocketServer, disconnectSessions } from "../../server/sockets";
import { visitorCookieValue } from "../../server/visitor-cookie";
import type { TestServices } from "./test-database";

/** The real socket.io server of the product on 127.0.0.1, over the test's database. */
export async function startChatServer(services: TestServices) {
  const server = http.createServer();
  const io = createSocketServer(server);
  // The defaults of every setting, as a server started with none would have.
  const full: Services = { env: loadEnv({}), domain: services.domain, database: services.database };
  const { chat } = attachSockets(io, { services: full, logger: createLogger("silent"), metrics: createMetrics() });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sockets: Socket[] = [];
  async function open(namespace: string, cookie: string, headers: Record<string, string>): Promise<Socket> {
    const socket = connect(`${url}${namespace}`, {
      transports: ["websocket"],
      extraHeaders: { cookie, ...headers },
      reconnection: false,
      // Its own connection: a shared one would carry the first client's cookies for every namespace.
      forceNew: true,
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    return socket;
  }
  return {
    url,
    disconnectSessions: (ids: readonly string[]) => disconnectSessions(io, ids),
    /** The job that returns queued chats nobody online can take to the bot. */
    returnUnattendedChats: () => chat.returnUnattendedChats(),
    answerUnansweredQuestions: () => chat.answerUnansweredQuestions(),
    /** A client of the /chat namespace carrying these cookies (and headers). */
    client: (cookie: string, headers: Record<string, string> = {}) => open("/chat", cookie, headers),
    /** A client of the agents' /desk namespace carrying these cookies. */
    deskClient: (cookie: string) => open("/desk", cookie, {}),
    async stop() {
      for (const socket of sockets) socket.disconnect();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

export async function sessionCookie(token: string): Promise<string> {
  return (await setSessionCookie(new Request("http://127.0.0.1/"), token)).split(";")[0]!;
}

export function visitorCookie(services: TestServices, id: string): string {
  return `tl_visitor=${visitorCookieValue(services.domain.cipher, id)}`;
}

/** Emits with an acknowledgement and resolves with it. */
export function call<T = Record<string, unknown>>(socket: Socket, event: string, payload?: unknown): Promise<T> {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<T>;
}
