import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

// Who may import whom (docs/architecture.md): the folders are layers, and these rules keep
// them so. Type-only imports cross freely: they vanish at build time.
const restrict = (patterns) => ["error", { patterns: patterns.map((p) => ({ ...p, allowTypeImports: true })) }];

// db/schema/enums.ts holds plain lists (no drizzle), which forms need for their choices.
const serverSide = {
  regex: "(^|/)(domain|server|emails|bot)/|(^|/)db/(?!schema/enums$)|\\.server$",
  message: "Browser code must not import server-side modules.",
};

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "bench/bare-remix/build/**", "bench/bare-remix/public/build/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**", "db/migrations/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
    },
  },
  {
    files: ["app/components/**", "app/i18n/**", "app/utils/*.tsx", "app/entry.client.tsx"],
    ignores: ["app/**/*.server.ts"],
    rules: { "no-restricted-imports": restrict([serverSide]) },
  },
  {
    files: ["app/routes/**", "app/root.tsx"],
    rules: {
      "no-restricted-imports": restrict([
        { regex: "/domain/(?!.*schemas$)", message: "Routes reach use cases through app/utils/domain.server.ts (kept out of the browser bundle)." },
        { group: ["**/server/**", "**/bot/**", "**/emails/**", "**/db/client*", "**/db/migrate*"], message: "Routes call the domain, not the infrastructure." },
      ]),
    },
  },
  {
    files: ["domain/**"],
    rules: {
      "no-restricted-imports": restrict([
        { group: ["**/app/**", "**/bot/**", "**/server/**", "@remix-run/*", "react", "react-dom", "express", "socket.io", "botkit"], message: "The domain is framework-free: no web, socket or bot code." },
      ]),
    },
  },
  {
    files: ["db/**", "emails/**"],
    rules: {
      "no-restricted-imports": restrict([{ group: ["**/app/**", "**/bot/**", "**/server/**"], message: "db/ and emails/ sit below the app and the bot." }]),
    },
  },
  {
    files: ["bot/**"],
    rules: {
      "no-restricted-imports": restrict([{ group: ["**/app/**", "**/db/**", "**/server/**"], message: "The bot calls the domain only." }]),
    },
  },
);
