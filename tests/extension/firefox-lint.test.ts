// Mozilla's addons-linter (the linter addons.mozilla.org runs on every upload) on the Firefox build
// (.output/firefox-mv3, built by `npm test` first): no error, and no warning of ours. The one warning
// allowed is UNSAFE_VAR_ASSIGNMENT inside Preact's own renderer (it sets innerHTML only for
// dangerouslySetInnerHTML, which FollowThrough never uses — see README, "Load the extension").
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FIREFOX = join(import.meta.dirname, '..', '..', '.output', 'firefox-mv3');

interface Message {
  code: string;
  message: string;
  file?: string;
}
interface Results {
  errors: Message[];
  warnings: Message[];
  notices: Message[];
}

/** Preact's renderer, the only place that may assign innerHTML (dangerouslySetInnerHTML). */
function isPreactInnerHtml(message: Message): boolean {
  if (message.code !== 'UNSAFE_VAR_ASSIGNMENT' || !message.file) return false;
  const source = readFileSync(join(FIREFOX, message.file), 'utf8');
  return source.includes('dangerouslySetInnerHTML') && source.includes('__html');
}

describe('Firefox build', () => {
  it('passes addons-linter with no error and no warning of ours', { timeout: 120_000 }, async () => {
    expect(existsSync(join(FIREFOX, 'manifest.json')), 'build the extension first (npm run build)').toBe(true);
    // addons-linter ships no type declarations: its documented API (README, "Using as a library") is typed here.
    const moduleName = 'addons-linter';
    const { default: addonsLinter } = (await import(moduleName)) as {
      default: { createInstance(options: object): { run(): Promise<Results> } };
    };
    const linter = addonsLinter.createInstance({
      config: {
        _: [FIREFOX],
        logLevel: 'fatal',
        stack: false,
        pretty: false,
        warningsAsErrors: false,
        metadata: false,
        output: 'none',
        boring: false,
        selfHosted: false,
      },
      runAsBinary: false,
    });
    const results = await linter.run();
    expect(results.errors).toEqual([]);
    expect(results.warnings.filter((w) => !isPreactInnerHtml(w)).map((w) => `${w.code} ${w.file ?? ''}: ${w.message}`)).toEqual([]);
  });

  it('declares a real gecko id and what the extension sends, per Firefox’s data consent', () => {
    const manifest = JSON.parse(readFileSync(join(FIREFOX, 'manifest.json'), 'utf8')) as {
      browser_specific_settings: { gecko: { id: string; data_collection_permissions: { required: string[] } } };
    };
    const { gecko } = manifest.browser_specific_settings;
    expect(gecko.id).toBe('followthrough@followthrough.app');
    expect(gecko.data_collection_permissions.required).toEqual([
      'personallyIdentifyingInfo',
      'personalCommunications',
      'websiteContent',
      'browsingActivity',
    ]);
  });
});
