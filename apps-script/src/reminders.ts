// runReminders: one digest email per recipient, planned by shared/reminders.ts from one read of each
// table, sent within the daily mail quota and a time budget under Apps Script's 6-minute limit, each
// logged in EmailLog as it is sent (services.ts: pending before, sent or failed after; its dedupe_key
// lists the reminders it carried, so a rerun — even after a run that died — sends none again).
import { renderClientDigest, renderCoachDigest } from '../../shared/emails';
import { itemIdsOf, planReminders, refusedAddresses, sentUnits, type Digest } from '../../shared/reminders';
import { isDeletedSession } from '../../shared/metrics';
import type { Settings } from '../../shared/settings';
import { installTrigger, removeTrigger, requireTriggerOrSheetUi } from './guards';
import { linkMaker, STOP_LINK_DAYS, type LinkMaker } from './links';
import { EmailSender, fromCoach, withScriptLock } from './services';
import { readTable, spreadsheet, writeRows } from './sheet';
import { loadSettings } from './settings';

/** Stop sending after this long, leaving room under the 6-minute limit to write the log. */
const TIME_BUDGET_MS = 4.5 * 60 * 1000;
const CONTINUATION_DELAY_MS = 60 * 1000;
/** How long the Done / I need help links in an email work. */
const ITEM_LINK_DAYS = 14;

export interface ReminderRun {
  quiet: boolean;
  planned: number;
  sent: number;
  failed: number;
  /** Emails left for the next run (quota spent or time budget used). */
  left: number;
  stoppedBy: 'done' | 'quota' | 'time';
}

function render(digest: Digest, settings: Settings, timeZone: string, links: LinkMaker) {
  if (digest.audience === 'coach') return renderCoachDigest(digest, timeZone);
  const prepDays = digest.prep ? Math.max(1, Math.ceil((digest.prep.getTime() - Date.now()) / 86_400_000) + 1) : 3;
  return renderClientDigest(digest, settings, timeZone, {
    done: (id) => links.url('item', id, ITEM_LINK_DAYS, { a: 'done' }),
    help: (id) => links.url('item', id, ITEM_LINK_DAYS, { a: 'help' }),
    prep: (id) => links.url('prep', id, prepDays),
    optOut: (id) => links.url('optout', id, STOP_LINK_DAYS),
    withdraw: (id) => links.url('consent', id, STOP_LINK_DAYS),
  });
}

/** Removes continuation triggers left by an earlier run. */
function clearContinuations(): void {
  for (const trigger of ScriptApp.getProjectTriggers()) {
    if (trigger.getHandlerFunction() === 'continueReminders') removeTrigger(trigger);
  }
}

export function sendReminders(): ReminderRun {
  const started = Date.now();
  return withScriptLock(() => {
    const ss = spreadsheet();
    const timeZone = ss.getSpreadsheetTimeZone();
    const settings = loadSettings(ss);
    const items = readTable(ss, 'ActionItems');
    const sender = new EmailSender(ss);
    const log = readTable(ss, 'EmailLog').rows;
    const now = new Date();
    const plan = planReminders({
      now,
      timeZone,
      settings,
      coaches: readTable(ss, 'Coaches').rows,
      clients: readTable(ss, 'Clients').rows,
      items: items.rows,
      sessions: readTable(ss, 'Sessions').rows.filter((s) => !isDeletedSession(s)),
      // Read whole: the plan needs every unit already sent or pending (shared/reminders.ts sentUnits)
      // and the addresses MailApp refused.
      sent: sentUnits(log),
      refused: refusedAddresses(log),
      prep: readTable(ss, 'Prep').rows,
    });
    const run: ReminderRun = { quiet: plan.quiet, planned: plan.digests.length, sent: 0, failed: 0, left: 0, stoppedBy: 'done' };
    if (!plan.digests.length) return run;

    const links = linkMaker(now);
    const reminded = new Set<string>();
    const overdue = new Set<string>();
    try {
      for (const digest of plan.digests) {
        if (Date.now() - started > TIME_BUDGET_MS) {
          run.stoppedBy = 'time';
          break;
        }
        const email = render(digest, settings, timeZone, links);
        const itemIds = itemIdsOf(digest);
        const result = sender.send({
          kind: digest.kind,
          to: digest.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          // A client's reminder comes from their coach by name (replies go to the coach); the coach's own digest from the program.
          ...(digest.audience === 'client' ? fromCoach(digest.coach, settings.sender_name) : { name: settings.sender_name }),
          itemIds,
          dedupeKey: digest.units.join(' '),
        });
        if (result.status === 'quota') {
          run.stoppedBy = 'quota';
          break;
        }
        if (result.status === 'sent') {
          run.sent++;
          for (const id of itemIds) reminded.add(id);
          if (digest.audience === 'client') for (const item of digest.overdue) overdue.add(item.item_id);
        } else {
          // Logged as failed, not sent: its reminders stay due and go out with the next run.
          run.failed++;
        }
      }
    } finally {
      // The last email's final status, also when a render or a send threw.
      sender.close();
    }
    run.left = plan.digests.length - run.sent - run.failed;

    const changed: number[] = [];
    items.rows.forEach((item, i) => {
      if (!reminded.has(item.item_id)) return;
      item.last_reminded_at = now;
      if (overdue.has(item.item_id)) item.reminder_count = (typeof item.reminder_count === 'number' ? item.reminder_count : 0) + 1;
      changed.push(i);
    });
    writeRows(items, changed);

    clearContinuations();
    if (run.stoppedBy === 'time')
      installTrigger(() => ScriptApp.newTrigger('continueReminders').timeBased().after(CONTINUATION_DELAY_MS).create());
    return run;
  });
}

/** The daily trigger's and the menu's entry. */
export function runReminders(e?: unknown): ReminderRun {
  requireTriggerOrSheetUi(e, 'runReminders');
  return sendReminders();
}

/** A continuation after a run that used its time budget (a one-off trigger). */
export function continueReminders(e?: unknown): ReminderRun {
  requireTriggerOrSheetUi(e, 'continueReminders');
  return sendReminders();
}
