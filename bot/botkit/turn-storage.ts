import { AsyncLocalStorage } from "node:async_hooks";
import type { Storage, StoreItems } from "botbuilder-core";

/** Botkit's dialog state of one conversation: null when no dialog is running. */
export type DialogState = Record<string, unknown> | null;

/** The conversation state a turn works on, read with the message that started it. */
export interface TurnState {
  conversationId: string;
  dialog: DialogState;
  /** Answers in a row the bot was unsure of. */
  misses: number;
}

// Botkit's keys read `<channel>/conversations/<conversation id>-<sender>/<namespace>`.
const CONVERSATION_IN_KEY = /\/conversations\/([0-9a-f-]{36})-/;

/** What Botkit keeps when nothing runs (an empty dialog stack) is no state at all. */
export function normalizeDialog(state: Record<string, unknown> | null | undefined): DialogState {
  if (!state) return null;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) {
    if (key === "eTag" || value === undefined || value === null) continue;
    const stack = (value as { dialogStack?: unknown }).dialogStack;
    if (Array.isArray(stack) && stack.length === 0) continue;
    kept[key] = value;
  }
  return Object.keys(kept).length > 0 ? kept : null;
}

/**
 * Botkit's `Storage`, served from the state of the turn being run: Botkit reads and writes the
 * turn's copy, and the bot persists it once, at the end of the turn, only if it changed
 * (`chat-bot.ts`). A conversation with no dialog running costs no query at all.
 */
export class TurnStorage implements Storage {
  readonly #turn = new AsyncLocalStorage<TurnState>();

  run<T>(state: TurnState, turn: () => Promise<T>): Promise<T> {
    return this.#turn.run(state, turn);
  }

  current(): TurnState {
    const state = this.#turn.getStore();
    if (!state) throw new Error("bot state used outside a turn");
    return state;
  }

  #stateFor(key: string): TurnState {
    const state = this.current();
    if (CONVERSATION_IN_KEY.exec(key)?.[1] !== state.conversationId) throw new Error(`state key of another conversation: ${key}`);
    return state;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const { dialog } = this.#stateFor(key);
      if (dialog) items[key] = structuredClone(dialog);
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, value] of Object.entries(changes)) this.#stateFor(key).dialog = normalizeDialog(value as Record<string, unknown>);
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.#stateFor(key).dialog = null;
  }
}
