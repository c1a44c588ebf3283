// The simple onEdit trigger: a person changing a client's stage cell in the Clients tab appends a
// StageHistory row (coach_id = the client's coach, note "edited in the sheet") and sets the client's
// stage_changed_at, as the web app's ops do (PRODUCT.md, "Sheet tabs and columns").
//
// onEdit is a global, so a web-app page can call it through google.script.run with any argument. Such
// a call carries plain data only (no Range object), and even a real edit event is not trusted for the
// change itself: the stage is re-read from the sheet and compared with the client's last recorded
// stage, so a call that is not a real edit records nothing (or at most the true current stage).
// Google: the simple trigger's event has authMode, range, source, user, value and oldValue (single-cell
// edits only); script writes fire no trigger; a simple trigger runs at most 30 seconds
// (https://developers.google.com/apps-script/guides/triggers/events#edit,
// https://developers.google.com/apps-script/guides/triggers#restrictions).
import { STAGES, type Row, type Stage } from '../../shared/schema';
import { newId } from './ids';
import { withScriptLock } from './services';
import { lastStageRow } from './ops/engagement';
import { appendRecords, findRecords, openTable, readRowsAt, spreadsheet } from './sheet';

/** The note of a StageHistory row written for an edit in the sheet. */
export const EDITED_IN_SHEET = 'edited in the sheet';
/** Under the simple trigger's 30 seconds. */
const LOCK_WAIT_MS = 20_000;

interface EditEvent {
  range?: unknown;
  oldValue?: unknown;
}

const isStage = (v: unknown): v is Stage => typeof v === 'string' && (STAGES as readonly string[]).includes(v);

export function onEdit(e?: EditEvent): void {
  const range = e?.range as GoogleAppsScript.Spreadsheet.Range | undefined;
  // Google's event holds a Range; google.script.run can only pass plain data.
  if (!range || typeof range !== 'object' || typeof range.getSheet !== 'function' || typeof range.getRow !== 'function') return;
  const sheet = range.getSheet();
  if (sheet.getName() !== 'Clients') return;
  const firstRow = Math.max(range.getRow(), 2);
  const lastRow = Math.min(range.getLastRow(), sheet.getLastRow());
  if (lastRow < firstRow) return;

  const ss = spreadsheet();
  withScriptLock(() => {
    const clients = readRowsAt(ss, 'Clients', firstRow, lastRow - firstRow + 1);
    const stageColumn = clients.header.indexOf('stage') + 1;
    if (range.getColumn() > stageColumn || range.getLastColumn() < stageColumn) return;
    // The edited clients' StageHistory rows only, found by key (sheet.ts).
    const history = openTable(ss, 'StageHistory');
    const recorded = findRecords(
      history,
      'client_id',
      clients.rows.map((c) => c.client_id),
    ).map((l) => l.record);
    const now = new Date();
    const single = range.getNumRows() === 1 && range.getNumColumns() === 1;
    const changed: Array<{ row: number; client: Row<'Clients'> }> = [];
    const rows: Partial<Row<'StageHistory'>>[] = [];
    clients.rows.forEach((client, i) => {
      if (!client.client_id || !isStage(client.stage)) return;
      const last = lastStageRow(recorded, client.client_id);
      // The chain of recorded stages is the truth for "from"; the event's oldValue only when there is none.
      const from: Stage | '' = last
        ? isStage(last.to_stage)
          ? last.to_stage
          : ''
        : single && isStage(e?.oldValue)
          ? (e!.oldValue as Stage)
          : '';
      if (last && last.to_stage === client.stage) return;
      if (!last && from === client.stage) return;
      rows.push({
        change_id: newId('stg'),
        client_id: client.client_id,
        coach_id: client.coach_id,
        from_stage: from,
        to_stage: client.stage,
        changed_at: now,
        note: EDITED_IN_SHEET,
      });
      changed.push({ row: firstRow + i, client });
    });
    if (!rows.length) return;
    appendRecords(history, rows);
    // Only the two cells the add-on keeps: the person may be editing the rest of the row.
    const changedAt = clients.header.indexOf('stage_changed_at') + 1;
    const updatedAt = clients.header.indexOf('updated_at') + 1;
    for (const { row } of changed) {
      clients.sheet.getRange(row, changedAt).setValue(now);
      clients.sheet.getRange(row, updatedAt).setValue(now);
    }
  }, LOCK_WAIT_MS);
}
