import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Socket } from "socket.io-client";
import { call, startChatServer, visitorCookie } from "../support/chat-server";
import { openTestServices, testDatabaseKind, type TestServices } from "../support/test-database";

type Ack = { ok: boolean; error?: string; conversationId?: string; seq?: number };

/**
 * A raw websocket speaking engine.io v4 by hand, as a broken or hostile client would: opened to
 * the /chat namespace, then made to send `frame`. Resolves with the close code once the server
 * drops it (null if it is still open after `waitMs`), and what the server sent after the frame.
 */
async function sendRaw(url: string, frame: string | Uint8Array, waitMs = 5_000): Promise<{ code: number | null; replies: string[] }> {
  const replies: string[] = [];
  const socket = new WebSocket(`${url.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket`);
  const closed = new Promise<number>((resolve) => socket.addEventListener("close", (event) => resolve(event.code)));
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener("message", (event) => {
      const data = String(event.data);
      if (data.startsWith("0")) socket.send("40/chat,");
      // The namespace answered (connected or refused): the transport works, now misbehave.
      if (data.startsWith("40/chat") || data.startsWith("44/chat")) resolve();
      if (data === "2") socket.send("3");
    });
    socket.addEventListener("error", () => reject(new Error("websocket failed to open")));
  });
  await opened;
  socket.addEventListener("message", (event) => replies.push(String(event.data)));
  socket.send(frame);
  const code = await Promise.race([closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), waitMs))]);
  if (code === null) socket.close();
  return { code, replies };
}

describe(`malformed and oversize socket frames (${testDatabaseKind()})`, () => {
  let services: TestServices;
  let chat: Awaited<ReturnType<typeof startChatServer>>;
  let bystander: Socket;
  let conversationId: string;
  const dropped: string[] = [];

  beforeAll(async () => {
    services = await openTestServices();
    chat = await startChatServer(services);
    // A well-behaved visitor who stays connected through everything below.
    bystander = await chat.client(visitorCookie(services, crypto.randomBytes(16).toString("hex")));
    bystander.on("disconnect", (reason) => dropped.push(reason));
    ({ conversationId } = await call<{ conversationId: string }>(bystander, "chat:open", { afterSeq: 0 }));
  });
  afterAll(async () => {
    await chat?.stop();
    await services?.cleanup();
  });

  // Each is a whole websocket message: engine.io packet type, then socket.io packet.
  const malformed: [string, string | Uint8Array][] = [
    ["an unknown engine.io packet type", "9hello"],
    ["an unknown socket.io packet type", "49/chat,[]"],
    ["an event whose JSON breaks off", '42/chat,["chat:send",{"text":"hi"'],
    ["an event that is not an array", '42/chat,{"0":"chat:open"}'],
    ["an event for a namespace never joined", '42/desk,["desk:queue"]'],
    ["a binary event announcing attachments that never come", '451-/chat,["chat:send",{"_placeholder":true,"num":0}]'],
    ["a binary acknowledgement", '461-/chat,1[{"_placeholder":true,"num":0}]'],
    ["an acknowledgement id too big for a number", `42/chat,${"9".repeat(400)}["chat:open",{}]`],
    ["raw binary garbage", new Uint8Array(crypto.randomBytes(64))],
  ];

  test.each(malformed)("%s: the sender is dropped", async (_name, frame) => {
    expect((await sendRaw(chat.url, frame)).code).not.toBeNull();
  });

  test("a message over the 16 KB limit: the sender is dropped", async () => {
    const text = "长".repeat(1024 * 1024);
    expect((await sendRaw(chat.url, `42/chat,${JSON.stringify(["chat:send", { conversationId, clientId: crypto.randomUUID(), text }])}`)).code).toBe(1009);
  });

  test("a well-formed event from a raw client is answered, so the drops above are not the transport's doing", async () => {
    // Answered, not served: without a visitor cookie the socket belongs to nobody.
    const { code, replies } = await sendRaw(chat.url, '42/chat,7["chat:typing",{"conversationId":"x","typing":true}]', 1_000);
    expect(code).toBeNull();
    expect(replies).toContain('43/chat,7[{"ok":false,"error":"not_allowed"}]');
  });

  test("the others keep working: the bystander was never dropped and still sends and is answered", async () => {
    const ack = await call<Ack>(bystander, "chat:send", { conversationId, clientId: crypto.randomUUID(), text: "还在吗？" });
    expect(ack).toMatchObject({ ok: true });
    expect(bystander.connected).toBe(true);
    expect(dropped).toEqual([]);
    const fresh = await chat.client(visitorCookie(services, crypto.randomBytes(16).toString("hex")));
    expect(await call<Ack>(fresh, "chat:open", { afterSeq: 0 })).toMatchObject({ ok: true });
  });
});
