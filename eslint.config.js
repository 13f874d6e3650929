import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The folders of src/. */
const FOLDERS = ['common', 'image', 'dockerfile', 'facts', 'rules', 'policy', 'migrate', 'report', 'engine', 'action', 'cli'];

/**
 * The layers of src/, in the direction data flows: what each part may import besides its own
 * folder, src/common/ (shared units) and src/errors.ts; `types`: with `import type` only.
 * The image reader knows nothing of what bytes mean (facts plug in through a generic collector);
 * rules define themselves in a leaf module of their own, and policy is derived from the rules.
 */
const LAYERS = [
  { part: 'src/common/', may: [] },
  { part: 'src/image/', may: [] },
  { part: 'src/dockerfile/', may: ['image'] },
  { part: 'src/facts/', may: ['image', 'dockerfile'] },
  { part: 'src/rules/', may: ['facts'], types: ['image'] },
  { part: 'src/policy/', may: ['rules'] },
  { part: 'src/migrate/', may: ['facts'], types: ['image'] },
  { part: 'src/report/', may: ['policy', 'rules', 'facts', 'dockerfile', 'migrate'], types: ['image'] },
  { part: 'src/engine/', may: ['image', 'dockerfile', 'facts', 'rules', 'policy', 'report', 'migrate'] },
  { part: 'src/action/', may: ['engine', 'report', 'policy'], types: ['image'] },
  { part: 'src/cli/', may: ['engine', 'report', 'policy'], types: ['image'] },
  { part: 'src/main.ts', may: ['action', 'engine'] },
  { part: 'src/cli.ts', may: ['cli', 'engine'] },
];

/** One `no-restricted-imports` rule per part: the folders it may not import (matched as a path segment of the specifier). */
function layerRule({ part, may, types = [] }) {
  const folder = /^src\/([a-z]+)\/$/.exec(part)?.[1];
  const allowed = [...may, ...types.map((name) => `${name} (types only)`)];
  const says = `${part} may import ${allowed.length ? `${allowed.join(', ')}, ` : ''}common and errors.ts (layers: eslint.config.js)`;
  const banned = FOLDERS.filter((name) => name !== folder && name !== 'common' && !may.includes(name) && !types.includes(name));
  const patterns = [
    ...(banned.length ? [{ group: banned.map((name) => `**/${name}/**`), message: says }] : []),
    ...(types.length ? [{ group: types.map((name) => `**/${name}/**`), allowTypeImports: true, message: says }] : []),
  ];
  return { files: [folder ? `${part}**/*.ts` : part], rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        Buffer: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        NodeJS: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        setImmediate: 'readonly',
        Response: 'readonly',
        Headers: 'readonly',
        structuredClone: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  ...LAYERS.map(layerRule),
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
