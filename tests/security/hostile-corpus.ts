/**
 * Hostile input for every form field, query parameter and socket payload: the Big List of
 * Naughty Strings (the `big-list-of-naughty-strings` package, pinned) plus what that list cannot
 * hold — type confusion, a megabyte, invalid UTF-8, control characters and script payloads that
 * report their own execution.
 *
 * Sampling is seeded: the same field gets the same values on every run, every category reaches
 * every field, and the naughty list is dealt out across fields so a whole run covers all of it.
 */
import { createRequire } from "node:module";
import { seededRandom } from "../support/seeded-random";

// The package is a bare JSON file: required, so that every test runner loads it the same way.
const naughtyStrings = createRequire(import.meta.url)("big-list-of-naughty-strings") as string[];

export type HostileCategory = "naughty" | "markup" | "numbers" | "control" | "unicode" | "huge";

export interface HostileString {
  category: HostileCategory;
  label: string;
  value: string;
}

/** The name a script payload calls: the browser test exposes it to catch an execution. */
export const XSS_PROBE = "__xss";

// Every payload calls the probe with its own number, so a caught execution names its payload.
const probe = (n: number) => `${XSS_PROBE}(${n})`;

/** HTML and script injection aimed at every way a text can reach the page as markup or a URL. */
export const XSS_PAYLOADS: readonly string[] = [
  `<script>${probe(1)}</script>`,
  `<img src=x onerror=${probe(2)}>`,
  `<svg onload=${probe(3)}>`,
  `"><img src=x onerror=${probe(4)}>`,
  `'><svg/onload=${probe(5)}>`,
  `javascript:${probe(6)}`,
  `</script><script>${probe(7)}</script>`,
  `\${${probe(8)}}`,
  `{{constructor.constructor('${probe(9)}')()}}`,
  `<a href="javascript:${probe(10)}">click</a>`,
  `<iframe srcdoc="<script>parent.${probe(11)}</script>">`,
  `<details open ontoggle=${probe(12)}>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${probe(13)}>`,
  `<body onload=${probe(14)}>`,
  `<input autofocus onfocus=${probe(15)}>`,
  `<!--<img src="--><img src=x onerror=${probe(16)}//">`,
];

const MEGABYTE = "A".repeat(1024 * 1024);

/** Strings the naughty list cannot carry (its JSON drops NUL and lone surrogates). */
const EXTRA: readonly HostileString[] = [
  { category: "numbers", label: "1e308", value: "1e308" },
  { category: "numbers", label: "-0", value: "-0" },
  { category: "numbers", label: "NaN", value: "NaN" },
  { category: "numbers", label: "2**64", value: String(2n ** 64n) },
  { category: "numbers", label: "-1", value: "-1" },
  { category: "numbers", label: "null", value: "null" },
  { category: "control", label: "NUL", value: "a\u0000b" },
  { category: "control", label: "C0 controls", value: "\u0001\u0002\u0007\b\u000b\f\u001b[31m\u007f" },
  { category: "control", label: "CR LF header split", value: "x\r\nSet-Cookie: tl_session=forged" },
  { category: "control", label: "leading tab formula", value: "\t=cmd|' /C calc'!A0" },
  { category: "unicode", label: "RTL override", value: "\u202Eexe.pdf\u202C" },
  { category: "unicode", label: "lone high surrogate", value: "a\uD800b" },
  { category: "unicode", label: "lone low surrogate", value: "\uDC00" },
  { category: "unicode", label: "zero-width and BOM", value: "\u200B\u200D\uFEFF" },
  { category: "unicode", label: "emoji name", value: "👩🏽‍💻 张三 🏦" },
  { category: "huge", label: "1 MB string", value: MEGABYTE },
  { category: "huge", label: "10 000 Chinese characters", value: "张".repeat(10_000) },
  ...XSS_PAYLOADS.map((value, i) => ({ category: "markup" as const, label: `xss #${i + 1}`, value })),
];

function categoryOf(value: string): HostileCategory {
  if (/[<>]|javascript:|\{\{|\$\{/i.test(value)) return "markup";
  if (/^[\s\d.,+\-eE∞]*$|Infinity|NaN|0x/.test(value)) return "numbers";
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) return "control";
  // eslint-disable-next-line no-control-regex -- anything past Latin-1 is "unicode" here.
  if (/[^\u0000-\u00ff]/.test(value)) return "unicode";
  return "naughty";
}

/** Every string of the corpus, the naughty list first, each with its category. */
export const HOSTILE_STRINGS: readonly HostileString[] = [
  ...naughtyStrings.map((value, i) => ({ category: categoryOf(value), label: `blns #${i}`, value })),
  ...EXTRA,
];

const CATEGORIES: readonly HostileCategory[] = ["naughty", "markup", "numbers", "control", "unicode", "huge"];

function hashOf(text: string): number {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ char.codePointAt(0)!, 16777619);
  return hash >>> 0;
}

/** The run's seed: `HOSTILE_SEED` replays another run; the default keeps runs identical. */
export const HOSTILE_SEED = Number(process.env.HOSTILE_SEED ?? 20261129);

let dealt = 0;

/**
 * The values one field gets: `perCategory` of every category, picked by a generator seeded with
 * the run's seed and the field's key, plus the next `fromList` strings of the naughty list in
 * turn (so fields together walk the whole list).
 */
export function sampleFor(fieldKey: string, options: { perCategory?: number; fromList?: number } = {}): HostileString[] {
  const { perCategory = 1, fromList = 4 } = options;
  const random = seededRandom(HOSTILE_SEED ^ hashOf(fieldKey));
  const picked: HostileString[] = [];
  for (const category of CATEGORIES) {
    const pool = HOSTILE_STRINGS.filter((s) => s.category === category);
    for (let i = 0; i < perCategory; i++) picked.push(pool[Math.floor(random() * pool.length)]!);
  }
  for (let i = 0; i < fromList; i++) picked.push(HOSTILE_STRINGS[dealt++ % HOSTILE_STRINGS.length]!);
  return [...new Set(picked)];
}

/** How many strings the run has dealt out of the list so far (to check the list was covered). */
export function dealtCount(): number {
  return dealt;
}

// ---------------------------------------------------------------------------------------------
// Type confusion: JSON values for socket payloads, and the same shapes as form keys.

const protoPollution = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown;

/** Values of the wrong type for any JSON field. */
export const CONFUSED_VALUES: readonly { label: string; value: unknown }[] = [
  { label: "null", value: null },
  { label: "array", value: ["a", 1, null] },
  { label: "nested object", value: { a: { b: { c: [1, { d: 2 }] } } } },
  { label: "1e308", value: 1e308 },
  { label: "-0", value: -0 },
  { label: "NaN as a string", value: "NaN" },
  { label: "2**64", value: 2 ** 64 },
  { label: "true", value: true },
  { label: "__proto__ keys", value: protoPollution },
  { label: "1 MB string", value: MEGABYTE.slice(0, 900_000) },
  { label: "lone surrogate", value: "\uD800" },
  { label: "NUL and controls", value: "\u0000\u0001\u202E" },
  { label: "empty string", value: "" },
];

/** Whole payloads of the wrong shape, for events whose payload is an object. */
export const CONFUSED_PAYLOADS: readonly { label: string; value: unknown }[] = [
  { label: "nothing", value: undefined },
  { label: "a string", value: "x" },
  { label: "a number", value: 42 },
  { label: "an array", value: [{ conversationId: "x" }] },
  { label: "__proto__ payload", value: protoPollution },
  ...CONFUSED_VALUES.filter((c) => c.value !== null && typeof c.value !== "object").map((c) => ({ label: `bare ${c.label}`, value: c.value })),
];

/**
 * Form bodies (urlencoded) that bend a form's keys: repeated keys, bracket and dot paths that a
 * form parser may turn into arrays and objects, and prototype keys.
 */
export function confusedFormKeys(field: string): { label: string; body: string }[] {
  const f = encodeURIComponent(field);
  return [
    { label: "repeated key", body: `${f}=a&${f}=b&${f}=` },
    { label: "array path", body: `${f}[0]=a&${f}[1]=b` },
    { label: "object path", body: `${f}.x=1&${f}[y][z]=2` },
    { label: "__proto__ key", body: `__proto__[polluted]=1&${f}.__proto__.polluted=1&constructor[prototype][polluted]=1` },
    { label: "key without value", body: `${f}&=&&=x` },
  ];
}

/** Bytes that are not UTF-8 at all, as the raw body of a form post. */
export const INVALID_UTF8_BODIES: readonly { label: string; body: Buffer }[] = [
  { label: "lone continuation bytes", body: Buffer.from([0x6e, 0x3d, 0x80, 0x81, 0xbf]) },
  { label: "overlong NUL", body: Buffer.concat([Buffer.from("name="), Buffer.from([0xc0, 0x80]), Buffer.from("&x=%C0%80")]) },
  { label: "encoded surrogate", body: Buffer.concat([Buffer.from("name="), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from("&y=%ED%A0%80")]) },
  { label: "truncated sequence", body: Buffer.from([0x6e, 0x3d, 0xe4, 0xb8]) },
];
