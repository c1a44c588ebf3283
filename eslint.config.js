// ESLint (flat config) for the four TypeScript worlds: the Node side (local/, tests/, bench/, build
// and tool configs), shared/, the Apps Script add-on (apps-script/src/) and the extension/. The type
// checker already guards each world's platform (`shared/` sees no DOM, Node or Apps Script types);
// these rules add what it cannot see: which world may import which. Correctness rules only — no
// formatting rules (a formatter comes with its own issue).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Relative imports that reach into another world, as gitignore-style patterns on the import path. */
const world = {
  local: '**/local/**',
  appsScriptSrc: '**/apps-script/src/**',
  appsScript: '**/apps-script/**',
  extension: '**/extension/**',
  tests: '**/tests/**',
  bench: '**/bench/**',
};

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'worker_threads',
  'http',
  'net',
  'url',
  'util',
  'stream',
  'events',
];

/** `no-restricted-imports` with the given forbidden groups, each with the reason it is forbidden. */
function boundaries(...groups) {
  return { 'no-restricted-imports': ['error', { patterns: groups.map(([group, message]) => ({ group, message })) }] };
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.output/**',
      '.wxt/**',
      'dist/**',
      'data/**',
      'test-results/**',
      // Plain JavaScript that is not ours to restyle: the bench's copy of Google's mail-merge sample,
      // the probe bundle's built output, call-site fixture pages.
      'bench/fixtures/**',
      'tests/fixtures/**',
      // The add-on of the bench's baseline commit, rebuilt from git by `npm run bench` (git-ignored).
      'bench/.baseline/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a parameter or binding kept on purpose (signatures of callbacks, destructuring).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // The type checker reports undefined names with each world's own globals (DOM, Node, Apps Script).
      'no-undef': 'off',
      // Empty catch blocks are used where a failure is expected and harmless; they must say so in a comment.
      'no-empty': ['error', { allowEmptyCatch: false }],
      // Control characters in patterns are deliberate (CSV, mail headers, journal records).
      'no-control-regex': 'off',
      // Style, not correctness: left to the formatter's issue.
      'prefer-const': 'off',
    },
  },
  {
    // Tests build deliberately malformed values and probe untyped fakes.
    files: ['tests/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: boundaries(
      [
        [world.local, world.appsScript, world.extension, world.tests, world.bench],
        'shared/ is the pure domain: it imports no other world.',
      ],
      [NODE_BUILTINS, 'shared/ runs in Apps Script and the browser too: only ECMAScript.'],
      [['wxt', 'wxt/*', 'webextension-polyfill', 'preact', 'preact/*'], 'shared/ has no browser-extension or UI dependency.'],
    ),
  },
  {
    files: ['apps-script/src/**/*.ts'],
    rules: boundaries(
      [[world.extension, world.local, world.tests, world.bench], 'The add-on imports only shared/ and its own modules.'],
      [NODE_BUILTINS, 'Apps Script has no Node: only ECMAScript built-ins and Apps Script services.'],
      [['wxt', 'wxt/*', 'webextension-polyfill', 'preact', 'preact/*'], 'Apps Script has no browser-extension or UI dependency.'],
    ),
  },
  {
    // One way to lock and one way to send (apps-script/src/services.ts): every writer takes the script
    // lock through withScriptLock, every email goes through sendLoggedEmail / EmailSender.
    files: ['apps-script/src/**/*.ts'],
    ignores: ['apps-script/src/services.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'LockService', property: 'getScriptLock', message: 'Take the script lock with withScriptLock (services.ts).' },
        {
          object: 'MailApp',
          property: 'sendEmail',
          message: 'Send with sendLoggedEmail or EmailSender (services.ts): quota, EmailLog pending → sent.',
        },
        { object: 'GmailApp', property: 'sendEmail', message: 'Send with sendLoggedEmail or EmailSender (services.ts).' },
      ],
    },
  },
  {
    files: ['extension/**/*.ts', 'extension/**/*.tsx'],
    rules: boundaries(
      [
        [world.appsScript, world.local, world.bench],
        'The extension imports only shared/ and its own modules (the add-on and the local runtime are other worlds).',
      ],
      [NODE_BUILTINS, 'The extension runs in the browser: no Node modules.'],
    ),
  },
  {
    files: ['local/**/*.ts'],
    rules: boundaries(
      [
        [world.appsScriptSrc],
        'The local runtime runs the built bundle (dist/apps-script/Code.js), as Google does; it never imports the add-on’s sources.',
      ],
      [[world.extension, world.tests, world.bench], 'The local runtime imports only shared/ and its own modules.'],
    ),
  },
  {
    // One allowance: the demo plays the demo coach's browser. Her confidential session must be sealed
    // by the extension's own WebCrypto code (extension/lib/note-crypto.ts imports only shared/ and uses
    // globalThis.crypto.subtle, which Node 20 has too), so the real extension opens it with the recovery
    // code `npm start` prints. It cannot live in shared/: Apps Script has no WebCrypto.
    files: ['local/cli/demo.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [world.appsScriptSrc],
              message:
                'The local runtime runs the built bundle (dist/apps-script/Code.js), as Google does; it never imports the add-on’s sources.',
            },
            { group: [world.tests, world.bench], message: 'The local runtime imports only shared/ and its own modules.' },
            {
              regex: '(^|/)extension/(?!lib/note-crypto$)',
              message: 'The demo imports from the extension only its note crypto (extension/lib/note-crypto).',
            },
          ],
        },
      ],
    },
  },
);
