import js from "@eslint/js"
import tseslint from "typescript-eslint"

export default tseslint.config(
  { ignores: ["node_modules/", ".medusa/", "coverage/", "src/admin/**/*.js", ".demo/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: "readonly", module: "writable", process: "readonly", console: "readonly",
        __dirname: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly",
        setInterval: "readonly", clearInterval: "readonly", URL: "readonly", URLSearchParams: "readonly",
        fetch: "readonly", AbortController: "readonly", document: "readonly", window: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-require-imports": "off",
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name=/^(only|skip)$/]", message: "No focused or skipped tests." },
      ],
    },
  },
  {
    // Runtime code never imports the sandbox (it is a test and development tool).
    files: ["src/**/*.ts"],
    ignores: ["src/sandbox/**", "src/**/__tests__/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/sandbox", "**/sandbox/**"], message: "Runtime code must not import the Dintero sandbox." }] }],
    },
  },
  {
    // The sandbox is written from Dintero's contract, independently of the client it tests.
    files: ["src/sandbox/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["../dintero", "../dintero/**", "../providers/**", "../money", "../money/**", "../order", "../order/**"], message: "The sandbox imports nothing from the plugin." }] }],
    },
  }
)
