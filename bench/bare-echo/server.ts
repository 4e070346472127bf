// The floor for the chat figures: a bare socket.io server on loopback whose handler echoes each
// message back to its sender, as the chat delivers a stored message to the sender's own socket.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";

const server = http.createServer();
const io = new Server(server, { serveClient: false });
io.of("/chat").on("connection", (socket) => {
  socket.on("chat:send", (payload: unknown, ack: (reply: unknown) => void) => {
    socket.emit("chat:message", payload);
    ack({ ok: true });
  });
});
server.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as AddressInfo).port }));
process.on("disconnect", () => process.exit(0));
