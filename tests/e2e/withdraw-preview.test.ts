// Issue 25's stop-sharing link, in the panel: the recap preview of a client who shares words with leaders
// shows the sentence the email will carry (its link signed only when sent), the email Save sends carries
// the signed link, and the page's button withdraws the words from what leaders read. Screenshots at 360
// and 400 px, light and dark.
import { describe, expect, it } from 'vitest';
import { addClient, appendRecord, chooseClient, shootAll } from '../helpers/browser';
import { extensionSetting, mailsTo } from '../helpers/e2e';
import { openLink, pressLink } from '../helpers/link-pages';
import { newProgram } from '../helpers/runtime';

const WORDS = 'My reading groups run themselves now.';
const SENTENCE = `You let the program’s leaders read your words: “${WORDS}”`;

describe('the recap preview of a client who shares words with leaders', () => {
  const env = extensionSetting(() => {
    const p = newProgram({ log: () => {} });
    const dana = addClient(p, 'Dana Cruz', 'Westview Elementary');
    addClient(p, 'Kim Park', 'Westview Elementary');
    appendRecord(p, 'Prep', {
      prep_id: 'prep_dana',
      client_id: dana,
      submitted_at: new Date(Date.now() - 86_400_000),
      progress_rating: 4,
      testimonial: WORDS,
      share_consent: true,
    });
    return p;
  });

  const leadersRead = () =>
    (env.p.dashboardData() as { program: { testimonials: Array<{ text: string }> } }).program.testimonials.map((t) => t.text);

  it(
    'shows the stop-sharing sentence without a link; the email Save sends has the signed link, whose button withdraws the words',
    { timeout: 120_000 },
    async () => {
      expect(leadersRead()).toEqual([WORDS]);
      const panel = await env.panel();
      // A client who shares nothing: no such sentence.
      await chooseClient(panel, 'Kim Park');
      await panel.getByLabel('Action item', { exact: true }).first().fill('Kim drafts the parent newsletter');
      const recap = panel.getByRole('region', { name: 'Recap for the client' });
      await recap.getByRole('button', { name: 'Preview' }).click();
      const shown = panel.frameLocator('iframe[title="The recap email"]');
      await expect.poll(() => shown.locator('body').textContent()).toContain('Kim drafts the parent newsletter');
      expect(await shown.locator('body').textContent()).not.toContain('Stop sharing');
      await recap.getByRole('button', { name: 'Close preview' }).click();
      await panel.close();

      const dana = await env.panelFor('Dana Cruz');
      await dana.getByLabel('Action item', { exact: true }).first().fill('Dana tries the reading-log routine');
      const danaRecap = dana.getByRole('region', { name: 'Recap for the client' });
      await danaRecap.getByLabel('Send Dana a recap').check();
      await danaRecap.getByRole('button', { name: 'Preview' }).click();
      const preview = dana.frameLocator('iframe[title="The recap email"]');
      await expect.poll(() => preview.locator('body').textContent()).toContain(`${SENTENCE} Stop sharing my words`);
      expect(await preview.locator('a', { hasText: 'Stop sharing my words' }).count()).toBe(0);
      await expect
        .poll(() => danaRecap.getByRole('region', { name: 'Recap preview' }).textContent())
        .toContain('the link to stop sharing words with leaders are signed when the email is sent');
      await danaRecap.getByRole('region', { name: 'Recap preview' }).scrollIntoViewIfNeeded();
      await shootAll(dana, 'recap-preview-stop-sharing');
      const previewText = (await preview.locator('body').textContent())!;
      await danaRecap.getByRole('button', { name: 'Close preview' }).click();

      await dana.getByRole('button', { name: 'Save' }).click();
      await expect.poll(async () => (await mailsTo(env.p, 'cli_danacruz@example.org')).length, { timeout: 60_000, interval: 1000 }).toBe(1);
      const { mail } = (await mailsTo(env.p, 'cli_danacruz@example.org'))[0]!;
      expect(mail.text).toContain(`${SENTENCE} To stop sharing them: ${env.server.execUrl}?page=consent&t=`);
      // What the client reads is what the coach previewed, but for the signed links.
      const read = (html: string) =>
        html
          .replace(/<[^>]+>/g, '')
          .replace(/\s+/g, ' ')
          .replace(/Stop these emails/, '')
          .replace(/Add to another calendar \(\.ics\)/, '')
          .trim();
      expect(read(String(mail.html)).replace(/&amp;/g, '&')).toBe(previewText.replace(/\s+/g, ' ').trim());
      const href = /href="([^"]*page=consent[^"]*)"[^>]*>Stop sharing my words</.exec(String(mail.html))![1]!.replace(/&amp;/g, '&');
      const page = await openLink(href);
      expect(page.frame).toContain('Stop sharing your words?');
      expect((await pressLink(env.server, page.pageId, new URL(href).searchParams.get('t')!, 'withdraw')).value).toMatchObject({
        ok: true,
      });
      expect(leadersRead()).toEqual([]);
      await dana.close();
    },
  );
});
