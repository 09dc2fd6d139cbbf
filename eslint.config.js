// @ts-check
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import formatjs from 'eslint-plugin-formatjs';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** Folder boundaries (ARCHITECTURE.md rule 5), enforced rather than hoped for. */
const boundaries = {
  shared: {
    paths: [...nodeBuiltins, 'electron', 'react', 'react-dom'].map((name) => ({ name, message: 'src/shared is pure TypeScript: no Node, Electron or DOM libraries.' })),
    patterns: [{ group: ['**/main/**', '**/renderer/**', 'node:*'], message: 'src/shared imports nothing from main or the renderer.' }],
  },
  core: {
    paths: [{ name: 'electron', message: 'core runs in plain Node: Electron belongs in src/main/electron.' }],
    patterns: [
      { group: ['electron/*', '**/electron/**'], message: 'core never imports Electron or the Electron adapter.' },
      { group: ['**/renderer/**'], message: 'core never imports the renderer.' },
    ],
  },
  host: {
    paths: [{ name: 'electron', message: 'The headless host runs without Electron.' }],
    patterns: [{ group: ['**/electron/**', '**/renderer/**'], message: 'The host uses core only.' }],
  },
  renderer: {
    paths: [...nodeBuiltins, 'electron'].map((name) => ({ name, message: 'The renderer runs in a sandboxed page: talk to main through the client.' })),
    patterns: [{ group: ['**/main/**', 'node:*'], message: 'The renderer never imports main: use the contract client.' }],
  },
};

const ipcSyntax = { selector: "ImportSpecifier[imported.name=/^ipc(Main|Renderer)$/]", message: 'Use the contract-derived IPC adapter (src/main/electron/ipc.ts).' };

/**
 * Feature code renders and dispatches; it does not fetch. The host is reached only through the
 * hooks in src/renderer/src/api/hooks.ts, so every call is cached, invalidated by events and
 * refetched after a reconnect (issue 12). A direct client call or subscription fails lint.
 */
const featureData = {
  message: 'Feature code reaches the host through src/renderer/src/api/hooks.ts (useContractQuery, useContractMutation, useContractEvent), never the client itself.',
  imports: ['**/api/context', '**/api/client', '**/api/session', '**/api/*-transport', '**/api/apply-actions'],
};
const featureSyntax = [
  { selector: "CallExpression[callee.property.name=/^(call|on)$/][callee.object.name=/client$/i]", message: featureData.message },
  { selector: "CallExpression[callee.property.name=/^(call|on)$/][callee.object.property.name=/client$/i]", message: featureData.message },
  { selector: "CallExpression[callee.object.name='window'][callee.property.name='confirm']", message: 'Use useConfirm() (components/ConfirmDialog): a keyboard-accessible dialog that names the action.' },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'release/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['test/support/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  { files: ['src/shared/**/*.ts'], rules: { 'no-restricted-imports': ['error', boundaries.shared] } },
  { files: ['src/main/core/**/*.ts'], rules: { 'no-restricted-imports': ['error', boundaries.core] } },
  { files: ['src/main/host/**/*.ts', 'src/main/headless.ts'], rules: { 'no-restricted-imports': ['error', boundaries.host] } },
  { files: ['src/renderer/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': ['error', boundaries.renderer] } },
  {
    // Words a user reads come from the catalogs (issue 14): literal text in JSX, or in the props a
    // user reads (labels, placeholders, titles, alt and aria text), fails lint. Code samples are data.
    files: ['src/renderer/**/*.tsx'],
    plugins: { formatjs },
    rules: {
      'formatjs/no-literal-string-in-jsx': [
        'error',
        {
          props: {
            include: [['*', '{label,placeholder,title,alt,aria-label,aria-description,emptyTitle,emptyBody,confirmLabel}']],
            exclude: [['code', 'children'], ['kbd', 'children']],
          },
        },
      ],
    },
  },
  {
    // Raw ipcMain/ipcRenderer only in the adapter and preload derived from the contract.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/main/electron/ipc.ts', 'src/main/electron/preload.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ipcSyntax,
      ],
    },
  },
  {
    // Restates the renderer boundary and the IPC rule: a later block replaces a rule's options.
    files: ['src/renderer/src/features/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { paths: boundaries.renderer.paths, patterns: [...boundaries.renderer.patterns, { group: featureData.imports, message: featureData.message }] }],
      'no-restricted-syntax': ['error', ipcSyntax, ...featureSyntax],
    },
  },
);
