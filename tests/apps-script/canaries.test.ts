// Canaries through every text field a coach types, checked in every output: sheet cells (never a
// formula), the exported .xlsx, the sheet host page, client emails (escaped), and the leaders'
// outputs (no confidential text at all).
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportXlsx } from '../../local/cli/export';
import { renderHostPage } from '../../local/web/host-page';
import { seal, testKey } from '../helpers/envelope';
import { firstTo, mails } from '../helpers/mail';
import { newProgram, type TestProgram } from '../helpers/runtime';

const FORMULA = '=HYPERLINK("http://evil.example","click")';
const HTML = '<img src=x onerror="window.__pwned=1"><script>alert(1)</script>';
const SECRET = 'CONFIDENTIAL-CANARY-91b2';
const NOW = new Date('2026-11-24T12:00:00Z');

let p: TestProgram;
beforeAll(() => {
  p = newProgram({ now: NOW, log: () => {} });
  p.saveSettings({ quiet_days: '', leader_emails: 'board@example.org' });
  const first = p.post({
    v: 1,
    op: 'capture',
    token: p.token,
    captureId: 'canary-1',
    session: {
      newClient: { name: `${HTML} Maya`, email: 'maya@example.org', organization: FORMULA },
      startedAt: '2026-11-17T15:00:00Z',
      source: 'page',
      sourceTitle: FORMULA,
      sourceUrl: `https://example.org/?q=${HTML}`,
      notes: `${FORMULA} ${HTML}`,
      tags: ['win', '<i>x</i>'],
      nextSessionAt: '2026-11-26T15:00:00Z',
    },
    actionItems: [
      { text: `${HTML} ${FORMULA}`, due: '2026-11-20' },
      { text: FORMULA, due: '2026-11-25' },
    ],
  });
  expect(first.ok).toBe(true);
  const second = p.post({
    v: 1,
    op: 'capture',
    token: p.token,
    captureId: 'canary-2',
    session: {
      clientId: first.clientId,
      startedAt: '2026-11-23T15:00:00Z',
      notes: seal(SECRET, testKey()),
      confidential: true,
      tags: ['win'],
    },
    debrief: [{ itemId: first.itemIds[1], status: 'in_progress', note: `${SECRET} ${HTML}` }],
  });
  expect(second.ok).toBe(true);
  p.rt.call('runReminders');
  p.rt.call('refreshDashboard');
  p.rt.call('sendLeaderSummary');
});
afterAll(async () => {
  await p.rt.close();
});

describe('canaries', () => {
  it('no cell of the workbook holds a formula; typed text is kept exactly', () => {
    const cells = p.rt.data.sheets.flatMap((s) => s.cells.flat());
    expect(cells.filter((c) => c !== null && typeof c === 'object' && 'f' in c)).toEqual([]);
    expect(cells).toContain(`${FORMULA} ${HTML}`);
    expect(cells).toContain(FORMULA);
  });

  it('the exported .xlsx has no formula and the same text', async () => {
    const file = join(p.dataDir, 'canaries.xlsx');
    await exportXlsx(p.rt.data, file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    let formulas = 0;
    const texts: string[] = [];
    book.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.formula) formulas++;
          if (typeof cell.value === 'string') texts.push(cell.value);
        }),
      ),
    );
    expect(formulas).toBe(0);
    expect(texts).toContain(`${HTML} ${FORMULA}`);
  });

  it('the sheet host page shows the text escaped', () => {
    for (const tab of ['Clients', 'Sessions', 'ActionItems', 'Dashboard']) {
      const page = renderHostPage(p.rt, { tab, flash: '', nonce: 'n' });
      expect(page).not.toContain('<script>alert(1)');
      expect(page).not.toContain('<img src=x');
    }
  });

  it("client emails carry the text escaped; leaders' outputs carry no confidential text", async () => {
    const sent = await mails(p.rt);
    const client = sent.filter((m) => firstTo(m) === 'maya@example.org');
    const leader = sent.filter((m) => firstTo(m) === 'board@example.org');
    expect(client.length).toBeGreaterThan(0);
    expect(leader).toHaveLength(1);
    for (const m of client) {
      expect(String(m.html)).not.toMatch(/<script>|<img src=x/);
      expect(String(m.html)).toContain('&lt;script&gt;');
    }
    for (const m of leader) {
      expect(`${m.html}${m.text}`).not.toContain(SECRET);
      expect(String(m.html)).not.toMatch(/<script>|<img src=x/);
    }
    const dashboard = JSON.stringify(p.rt.data.sheets.find((s) => s.name === 'Dashboard')!.cells);
    expect(dashboard).not.toContain(SECRET);
    expect(JSON.stringify(p.dashboardData({}))).not.toContain(SECRET);
  });
});
