// The host: everything an execution of the bundle reaches through its channel, owned by one process.
// Each service exposes an explicit list of methods; a call names service, method and arguments.
import type { WorkbookStore } from '../store/store';
import { LockHost } from './lock';
import type { MailHost } from './mail';
import { TriggerHost } from './triggers';
import { CacheHost, PropertiesHost } from './properties';
import { SheetsHost } from './sheets';
import { UiHost, type ShownDialog } from './ui';

type Handler = (execId: string, args: unknown[]) => unknown;

export interface HostOptions {
  /** ScriptApp.getService().getUrl(). */
  webAppUrl: () => string | null;
  /** The bundle's clock (FOLLOWTHROUGH_NOW), in epoch ms. */
  now: () => number;
  /** MailApp's spool, quota and delivery. */
  mail: MailHost;
  /** appsscript.json's time zone: triggers' default. */
  scriptTimeZone: string;
}

function expose<T extends object>(target: T, methods: Array<keyof T & string>): Record<string, Handler> {
  const table: Record<string, Handler> = {};
  for (const name of methods) {
    const fn = target[name] as unknown as (...args: unknown[]) => unknown;
    table[name] = (_execId, args) => fn.apply(target, args);
  }
  return table;
}

export class Host {
  readonly sheets: SheetsHost;
  readonly locks = new LockHost();
  readonly ui = new UiHost();
  readonly properties: PropertiesHost;
  readonly cache: CacheHost;
  readonly triggers: TriggerHost;
  /** Calls per service.method, for the bench's count of sheet service calls. */
  readonly calls = new Map<string, number>();
  private readonly services: Record<string, Record<string, Handler>>;

  constructor(
    readonly store: WorkbookStore,
    private readonly options: HostOptions,
  ) {
    this.sheets = new SheetsHost(store);
    this.properties = new PropertiesHost(store);
    this.cache = new CacheHost(options.now);
    this.triggers = new TriggerHost(store, options.now, options.scriptTimeZone);
    this.services = {
      sheets: expose(this.sheets, [
        'spreadsheet', 'setTimeZone', 'sheets', 'sheetByName', 'info', 'insertSheet', 'deleteSheet', 'renameSheet',
        'insertRowsAfter', 'insertColumnsAfter', 'deleteRows', 'setFrozenRows', 'checkRange', 'getCells', 'getFormats',
        'setValues', 'appendRow', 'setNumberFormat', 'dataRange', 'charts', 'setChart', 'removeChart',
        'setNumberFormats', 'getDisplayValues', 'clearContent', 'getValidations', 'setValidation', 'insertCheckboxes',
        'setStyle', 'getStyles', 'setStyleRanges', 'clearFormat', 'setColumnWidth', 'setColumnWidths', 'getColumnWidth',
        'setRowHeights', 'getRowHeight', 'merge', 'breakApart', 'mergedRanges', 'protect', 'protections', 'getProtection',
        'updateProtection', 'removeProtection', 'getConditionalFormats', 'setConditionalFormats', 'findText',
      ]),
      lock: {
        acquire: (execId, [name, timeoutMs]) => this.locks.acquire(String(name), execId, Number(timeoutMs)),
        release: (execId, [name]) => this.locks.release(String(name), execId),
        has: (execId, [name]) => this.locks.hasLock(String(name), execId),
      },
      ui: {
        addMenu: (_execId, [menu]) => this.ui.addMenu(menu as Parameters<UiHost['addMenu']>[0]),
        showDialog: (execId, [dialog]) => this.ui.showDialog(execId, dialog as ShownDialog),
      },
      props: expose(this.properties, ['all', 'get', 'set', 'delete']),
      cache: expose(this.cache, ['get', 'put', 'remove']),
      script: {
        webAppUrl: () => this.options.webAppUrl(),
      },
      mail: expose(options.mail, ['send', 'remainingDailyQuota']),
      triggers: expose(this.triggers, ['create', 'list', 'delete']),
    };
  }

  /** Serves one call of an execution; may answer with a promise (a lock being waited for). */
  handle(execId: string, service: string, method: string, args: unknown[]): unknown {
    const handler = Object.prototype.hasOwnProperty.call(this.services, service) ? this.services[service]![method] : undefined;
    if (!handler || !Object.prototype.hasOwnProperty.call(this.services[service], method)) {
      throw new Error(`No host service ${service}.${method}`);
    }
    const key = `${service}.${method}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    return handler(execId, args);
  }

  /** An execution ended (returned, threw or was stopped): its locks go, its dialogs are handed over. */
  end(execId: string): ShownDialog[] {
    this.locks.releaseAll(execId);
    return this.ui.takeDialogs(execId);
  }
}
