// The Apps Script surface of the bundle clasp pushes: its free identifiers are only ECMAScript
// built-ins and Apps Script services, and the manifest asks for exactly the scopes those services need.
import { parse } from 'acorn';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE_FILE } from '../helpers/runtime';

const ECMASCRIPT = new Set([
  'Object',
  'Function',
  'Array',
  'Number',
  'Boolean',
  'String',
  'Symbol',
  'BigInt',
  'Math',
  'JSON',
  'Date',
  'RegExp',
  'Error',
  'EvalError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'TypeError',
  'URIError',
  'AggregateError',
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'WeakRef',
  'FinalizationRegistry',
  'Promise',
  'Proxy',
  'Reflect',
  'Intl',
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Atomics',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'globalThis',
  'undefined',
  'NaN',
  'Infinity',
  'isNaN',
  'isFinite',
  'parseInt',
  'parseFloat',
  'encodeURI',
  'encodeURIComponent',
  'decodeURI',
  'decodeURIComponent',
  'eval',
  'arguments',
]);

/** Apps Script services, with the OAuth scope each needs (null: none). */
const SERVICES: Record<string, string | null> = {
  SpreadsheetApp: 'https://www.googleapis.com/auth/spreadsheets.currentonly',
  MailApp: 'https://www.googleapis.com/auth/script.send_mail',
  ScriptApp: 'https://www.googleapis.com/auth/script.scriptapp',
  HtmlService: 'https://www.googleapis.com/auth/script.container.ui',
  Charts: null,
  ContentService: null,
  LockService: null,
  PropertiesService: null,
  CacheService: null,
  Utilities: null,
  Session: null,
  Logger: null,
  console: null,
};

type Node = { type: string; [key: string]: unknown };

/** Names the code refers to but never declares (scopes flattened: a sound over-approximation). */
export function freeIdentifiers(code: string): Set<string> {
  const ast = parse(code, { ecmaVersion: 'latest', sourceType: 'script' }) as unknown as Node;
  const declared = new Set<string>();
  const used = new Set<string>();
  const declare = (pattern: Node | null | undefined): void => {
    if (!pattern) return;
    if (pattern.type === 'Identifier') declared.add(pattern.name as string);
    else if (pattern.type === 'ObjectPattern')
      for (const p of pattern.properties as Node[]) declare(p.type === 'RestElement' ? (p.argument as Node) : (p.value as Node));
    else if (pattern.type === 'ArrayPattern') for (const e of pattern.elements as Array<Node | null>) declare(e);
    else if (pattern.type === 'RestElement') declare(pattern.argument as Node);
    else if (pattern.type === 'AssignmentPattern') declare(pattern.left as Node);
  };
  const visit = (node: unknown, parent: Node | null, key: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, parent, key));
    if (!node || typeof node !== 'object' || typeof (node as Node).type !== 'string') return;
    const n = node as Node;
    switch (n.type) {
      case 'VariableDeclarator':
        declare(n.id as Node);
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        declare(n.id as Node);
        for (const p of n.params as Node[]) declare(p);
        break;
      case 'ClassDeclaration':
      case 'ClassExpression':
        declare(n.id as Node);
        break;
      case 'CatchClause':
        declare(n.param as Node);
        break;
      case 'Identifier': {
        const isProperty =
          parent &&
          ((parent.type === 'MemberExpression' && key === 'property' && !parent.computed) ||
            ((parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') &&
              key === 'key' &&
              !parent.computed) ||
            parent.type === 'LabeledStatement' ||
            parent.type === 'BreakStatement' ||
            parent.type === 'ContinueStatement' ||
            parent.type === 'MetaProperty');
        if (!isProperty) used.add(n.name as string);
        break;
      }
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'type' && typeof v === 'object') visit(v, n, k);
  };
  visit(ast, null, '');
  return new Set([...used].filter((name) => !declared.has(name)));
}

describe('Apps Script surface', () => {
  const code = readFileSync(CODE_FILE, 'utf8');
  const free = freeIdentifiers(code);

  it('refers to nothing but ECMAScript built-ins and Apps Script services', () => {
    const foreign = [...free].filter((name) => !ECMASCRIPT.has(name) && !(name in SERVICES));
    expect(foreign).toEqual([]);
  });

  it('the checker notices a browser or Node global', () => {
    expect([...freeIdentifiers('function f(){ return window.x + process.env.Y + ctx.window; } var ctx = {};')].sort()).toEqual([
      'process',
      'window',
    ]);
  });

  it('asks for exactly the OAuth scopes its services need', () => {
    const manifest = JSON.parse(readFileSync(join(CODE_FILE, '..', 'appsscript.json'), 'utf8')) as {
      oauthScopes: string[];
      runtimeVersion: string;
      webapp: object;
    };
    const needed = [...new Set([...free].map((name) => SERVICES[name]).filter((s): s is string => typeof s === 'string'))].sort();
    expect([...manifest.oauthScopes].sort()).toEqual(needed);
    expect(manifest.runtimeVersion).toBe('V8');
    expect(manifest.webapp).toEqual({ executeAs: 'USER_DEPLOYING', access: 'ANYONE_ANONYMOUS' });
  });

  it('exposes every global the menus, triggers and web app call as a top-level function', () => {
    for (const name of ['doGet', 'doPost', 'onOpen', 'setupSheet', 'runReminders', 'refreshDashboard', 'sendLeaderSummary']) {
      expect(code).toMatch(new RegExp(`^function ${name}\\(`, 'm'));
    }
  });
});
