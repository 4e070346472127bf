/**
 * Preloaded (`--expose-gc --import`) into a server the bench starts with an IPC channel: asked
 * `{ probe: "memory" }`, it collects garbage and answers with `process.memoryUsage()`. Only the
 * bench's own processes have it; nothing is exposed over the network.
 */
const collect = globalThis.gc;
if (process.send && collect) {
  process.on("message", (message: { probe?: string }) => {
    if (message?.probe !== "memory") return;
    // Twice: the first pass can leave weakly held and finalised objects for the second.
    collect();
    collect();
    process.send!({ probe: "memory", usage: process.memoryUsage() });
  });
  // The channel alone must not keep the process alive.
  process.channel?.unref();
}
