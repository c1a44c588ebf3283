// The client progress report printed (issue 25: "printable, print CSS, A4 and Letter"), in Debian's
// Chromium: laid out as print media at the width that A4 and Letter leave inside the report's @page
// margins, nothing runs past the right edge (a long link in an item wraps), a goal's box is not split
// across pages, and Chromium prints both papers to a PDF. Screenshots in test-results/screenshots.
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderClientSummary, type ClientSummaryInput, type ReportAudience } from '../../shared/client-summary';
import { blankRow } from '../../shared/schema';
import { launchBrowser, SHOTS } from '../helpers/browser';
import { closeAll } from '../helpers/e2e';
import { nyDay as day, reportClient, reportInput } from '../helpers/client-summary';
import { itemRow } from '../helpers/rows';

/** What coaches paste: a link with no space to break at. */
const LONG_LINK = `https://docs.example.org/d/${'1aB2cD3eF4gH5iJ6kL7mN8oP9qR0sT'.repeat(4)}/edit?usp=sharing`;
const MARGIN_MM = 16; // the report's @page margin
const PX_PER_MM = 96 / 25.4;
const PAPERS = [
  { format: 'A4', widthMm: 210, heightMm: 297 },
  { format: 'Letter', widthMm: 215.9, heightMm: 279.4 },
] as const;

function report(audience: ReportAudience): string {
  const client = reportClient();
  const items = [
    itemRow({ item_id: 'a', text: 'Try the timer', status: 'done', due_date: day('2026-04-10', 0), completed_at: day('2026-04-09') }),
    itemRow({ item_id: 'b', text: `Read ${LONG_LINK}`, status: 'done', due_date: day('2026-04-01', 0), completed_at: day('2026-04-03') }),
    itemRow({
      item_id: 'c',
      text: 'Post the routine',
      status: 'derailed',
      due_date: day('2026-04-05', 0),
      status_note: `The link ${LONG_LINK} was private`,
    }),
    itemRow({ item_id: 'd', text: `Share ${LONG_LINK} with the team`, status: 'open', due_date: day('2026-04-20', 0) }),
  ];
  const goals = Array.from({ length: 6 }, (_, i) =>
    blankRow('Goals', {
      goal_id: `g${i}`,
      client_id: 'c1',
      title: `Goal ${i + 1}: tighter transitions in period ${i + 1}`,
      success_measure: 'Minutes per transition',
      measure_baseline: '7',
      measure_current: '3',
      status: 'open',
      target_date: day('2026-05-01', 0),
    }),
  );
  const milestones = goals.flatMap((g, i) => [
    blankRow('Milestones', {
      milestone_id: `m${i}a`,
      goal_id: g.goal_id,
      client_id: 'c1',
      title: 'Routine taught',
      status: 'reached',
      reached_at: day('2026-03-20'),
    }),
    blankRow('Milestones', {
      milestone_id: `m${i}b`,
      goal_id: g.goal_id,
      client_id: 'c1',
      title: 'Students run it',
      status: 'open',
      due_date: day('2026-04-30', 0),
    }),
  ]);
  const sessions = [blankRow('Sessions', { session_id: 's1', client_id: 'c1', coach_id: 'co1', started_at: day('2026-04-01') })];
  const prep = [1, 2, 3, 4].map((r, i) =>
    blankRow('Prep', {
      prep_id: `p${i}`,
      client_id: 'c1',
      submitted_at: day(`2026-03-0${i + 2}`),
      progress_rating: r,
      wins: `Win ${LONG_LINK}`,
    }),
  );
  const input: ClientSummaryInput = {
    ...reportInput({ client, goals, milestones, items, sessions, prep }, [`Win ${LONG_LINK}`]),
    audience,
  };
  return renderClientSummary(input).html;
}

/** Elements whose box ends past the page's right edge, as print media at the page's width. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const edge = document.documentElement.clientWidth;
    return [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > edge + 0.5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()} right=${Math.round(el.getBoundingClientRect().right)} > ${edge}: ${(el.textContent ?? '').slice(0, 40)}`,
      );
  });
}

describe('the progress report on paper', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(() => closeAll(browser));

  for (const audience of ['client', 'leader'] as const) {
    for (const paper of PAPERS) {
      it(
        `fits ${paper.format} for the ${audience}: nothing past the right margin, long links wrapped, goals kept whole`,
        { timeout: 60_000 },
        async () => {
          const html = report(audience);
          expect(html).toMatch(/@page\s*\{[^}]*margin:\s*16mm/);
          const page = await browser.newPage();
          try {
            const width = Math.floor((paper.widthMm - 2 * MARGIN_MM) * PX_PER_MM);
            await page.setViewportSize({ width, height: Math.floor((paper.heightMm - 2 * MARGIN_MM) * PX_PER_MM) });
            await page.emulateMedia({ media: 'print' });
            await page.setContent(html);
            expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
            expect(await overflowing(page)).toEqual([]);
            if (audience === 'client') expect(await page.textContent('body')).toContain('1aB2cD3eF4gH5iJ6kL7mN8oP9qR0sT');
            // Goals' boxes are not cut across pages.
            const goalBoxes = await page.evaluate(() =>
              [...document.body.children]
                .filter((d) => d.tagName === 'DIV' && d.textContent?.trim().startsWith('Goal '))
                .map((d) => getComputedStyle(d).breakInside),
            );
            expect(goalBoxes).toEqual(Array(6).fill('avoid'));
            await page.screenshot({ path: join(SHOTS, `report-print-${audience}-${paper.format}.png`), fullPage: true });
            // Chromium prints it on that paper, honouring the report's margins.
            const pdf = await page.pdf({ format: paper.format, preferCSSPageSize: false, printBackground: true });
            const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
            expect(pages.length).toBeGreaterThanOrEqual(1);
            expect(pages.length).toBeLessThanOrEqual(4);
          } finally {
            await page.close();
          }
        },
      );
    }
  }
});
