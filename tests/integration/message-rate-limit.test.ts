import crypto from "node:crypto";
import { describe, expect, test } from "vitest";
import { memoryMessageRateLimit, redisMessageRateLimit } from "../../server/message-rate-limit";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

async function hits(limit: ReturnType<typeof memoryMessageRateLimit>, key: string, count: number, max = 3) {
  const answers: boolean[] = [];
  for (let i = 0; i < count; i++) answers.push(await limit.allow(key, max, 60_000));
  return answers;
}

describe("messages a minute per person", () => {
  test("in one process: the limit holds per person, and a new minute starts afresh", async () => {
    let now = 1_000_000;
    const limit = memoryMessageRateLimit(() => now);
    expect(await hits(limit, "chat:a", 5)).toEqual([true, true, true, false, false]);
    expect(await hits(limit, "chat:b", 1)).toEqual([true]);
    now += 60_000;
    expect(await hits(limit, "chat:a", 4)).toEqual([true, true, true, false]);
  });

  test("with Redis: two instances share one count, each person's own", async () => {
    const env = { REDIS_URL, REDIS_ADAPTER_KEY: `tl-test-${crypto.randomBytes(5).toString("hex")}` };
    const [a, b] = [redisMessageRateLimit(env), redisMessageRateLimit(env)];
    const answers = await Promise.all([...Array.from({ length: 3 }, () => a.allow("chat:someone", 4, 60_000)), ...Array.from({ length: 3 }, () => b.allow("chat:someone", 4, 60_000))]);
    expect(answers.filter(Boolean)).toHaveLength(4);
    expect(await b.allow("chat:someone-else", 4, 60_000)).toBe(true);
  });
});
