import type { Socket } from "socket.io-client";

/** The errors an acknowledgement may carry (docs/chat-protocol.md), plus "no connection". */
export type AckError = "invalid_payload" | "not_found" | "rate_limited" | "not_allowed" | "invalid_state" | "unavailable" | "server_error";
export type Ack = { ok: true; [key: string]: unknown } | { ok: false; error: AckError | "offline" };

const ACK_ERRORS: readonly AckError[] = ["invalid_payload", "not_found", "rate_limited", "not_allowed", "invalid_state", "unavailable", "server_error"];
const ACK_TIMEOUT_MS = 10_000;

/** An acknowledgement's error as one of the protocol's codes (anything else is the server's fault). */
export function ackError(value: unknown): AckError {
  return (ACK_ERRORS as readonly unknown[]).includes(value) ? (value as AckError) : "server_error";
}

/**
 * The browser's side of a chat socket as React reads it (`useSyncExternalStore`): one snapshot,
 * replaced on every change, and requests answered through their acknowledgements.
 */
export class SocketStore<T extends object> {
  protected socket: Socket | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(protected snapshot: T) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  protected set(change: Partial<T>) {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }

  protected async request(event: string, payload: object): Promise<Ack> {
    const socket = this.socket;
    if (!socket?.connected) return { ok: false, error: "offline" };
    try {
      const ack = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as { ok?: unknown; error?: unknown } | undefined;
      return ack?.ok === true ? (ack as Ack) : { ok: false, error: ackError(ack?.error) };
    } catch {
      // No answer in time, or the connection dropped meanwhile.
      return { ok: false, error: socket.connected ? "server_error" : "offline" };
    }
  }
}
