// Every global of the bundle, in one place: what calls it and what guards it. build.ts refuses a bundle
// whose exports (src/index.ts) differ from this list, writes it at the top of Code.js, and the README's
// table is checked against it (tests/apps-script/globals.test.ts).
//
// On Google any top-level function whose name does not end in "_" can be called by anyone through
// google.script.run from a page the web app serves, with any plain arguments, as the owner ("HTML
// Service: Communicate with Server Functions", "Private functions"). Google documents that rule for
// google.script.run only; it documents nothing about menus or installable triggers calling "_"
// functions, so the menu items and trigger handlers below stay public and are guarded instead.

export const GLOBAL_CLASSES = {
  webApp: 'web-app entry point',
  simpleTrigger: 'simple trigger',
  menu: 'menu item',
  trigger: 'installable-trigger handler',
  dialog: 'dialog/sidebar call',
  linkPage: 'link-page call',
  template: 'dialog template scriptlet',
} as const;
export type GlobalClass = keyof typeof GLOBAL_CLASSES;

export interface GlobalSpec {
  classes: readonly GlobalClass[];
  guard: string;
}

const UI = 'needs the spreadsheet UI (SpreadsheetApp.getUi() throws in the web app and in triggers)';
const TRIGGER = "the event's triggerUid must be one the script installed for this handler (script properties)";
const CAPABILITY = 'the first argument must be the capability issued when an editor opened the dialog (script cache, 30 min)';

export const GLOBALS = {
  doGet: {
    classes: ['webApp'],
    guard:
      "only shows a page (or ?page=health: whether the web app reaches the sheet, and its version); a change needs the page's button (linkAction)",
  },
  doPost: {
    classes: ['webApp'],
    guard: "every request needs an active coach's token; strict schemas; a coach sees and changes only their own",
  },
  onOpen: { classes: ['simpleTrigger'], guard: `only builds the menu; ${UI}` },
  onEdit: {
    classes: ['simpleTrigger'],
    guard:
      'acts only on an event holding a Range (google.script.run passes plain data only), and records only stage changes the Clients cells already hold',
  },
  setupSheet: { classes: ['menu'], guard: UI },
  showInviteDialog: { classes: ['menu'], guard: `${UI}; issues the invite dialog's capability` },
  inviteCoach: { classes: ['dialog'], guard: `${CAPABILITY}, used once` },
  toggleAutomation: { classes: ['menu'], guard: UI },
  runReminders: { classes: ['menu', 'trigger'], guard: `${TRIGGER}, or ${UI}` },
  continueReminders: { classes: ['trigger'], guard: `${TRIGGER}, or ${UI}` },
  refreshDashboard: { classes: ['menu', 'trigger'], guard: `${TRIGGER}, or ${UI}` },
  sendLeaderSummary: { classes: ['trigger'], guard: `${TRIGGER}, or ${UI}` },
  showDashboard: { classes: ['menu'], guard: `${UI}; issues the dashboard dialog's capability` },
  dashboardData: { classes: ['dialog'], guard: CAPABILITY },
  showClientSummaryDialog: { classes: ['menu'], guard: `${UI}; issues the summary dialog's capability` },
  clientsForSummary: { classes: ['dialog'], guard: CAPABILITY },
  previewClientSummary: { classes: ['dialog'], guard: `${CAPABILITY}; reads only, sends nothing` },
  sendClientSummary: { classes: ['dialog'], guard: CAPABILITY },
  showProgressReport: { classes: ['menu'], guard: `${UI}; issues the report dialog's capability` },
  reportClients: { classes: ['dialog'], guard: CAPABILITY },
  progressReport: { classes: ['dialog'], guard: `${CAPABILITY}; reads only, the leader's version of the report` },
  showSettings: { classes: ['menu'], guard: `${UI}; issues the settings sidebar's capability` },
  getSettingsForm: { classes: ['dialog'], guard: CAPABILITY },
  saveSettings: { classes: ['dialog'], guard: CAPABILITY },
  previewReminder: { classes: ['dialog'], guard: CAPABILITY },
  showCheckDeployment: { classes: ['menu'], guard: `${UI}; issues the deployment dialog's capability` },
  deploymentReport: { classes: ['dialog'], guard: CAPABILITY },
  setWebAppAddress: { classes: ['dialog'], guard: `${CAPABILITY}; only a valid /exec address is kept` },
  showClientDataDialog: { classes: ['menu'], guard: `${UI}; issues the export dialog's capability` },
  clientsForExport: { classes: ['dialog'], guard: CAPABILITY },
  exportClientData: { classes: ['dialog'], guard: CAPABILITY },
  deleteClientData: { classes: ['dialog'], guard: `${CAPABILITY}; and the client's name typed` },
  showHandoverDialog: { classes: ['menu'], guard: `${UI}; issues the hand-over dialog's capability` },
  handoverState: { classes: ['dialog'], guard: CAPABILITY },
  handOverClients: { classes: ['dialog'], guard: CAPABILITY },
  revokeCoach: { classes: ['dialog'], guard: CAPABILITY },
  applyRetention: { classes: ['trigger'], guard: `${TRIGGER}, or ${UI}` },
  showRetentionDialog: { classes: ['menu'], guard: `${UI}; issues the retention dialog's capability` },
  retentionState: { classes: ['dialog'], guard: CAPABILITY },
  applyRetentionNow: { classes: ['dialog'], guard: CAPABILITY },
  include_: {
    classes: ['template'],
    guard:
      'private: google.script.run refuses a name ending in "_"; answers only the content of one of the add-on\'s own .html files, which hold no secret',
  },
  linkAction: {
    classes: ['linkPage'],
    guard: 'the signed, unexpired link token names the page and the one item or client; does only what that page is for',
  },
} as const satisfies Record<string, GlobalSpec>;

export type GlobalName = keyof typeof GLOBALS;

/** One line per global, as the build writes it into Code.js and the README prints it. */
export function describeGlobals(): Array<{ name: string; classes: string; guard: string }> {
  return Object.entries(GLOBALS as Record<string, GlobalSpec>)
    .map(([name, spec]) => ({ name, classes: spec.classes.map((c) => GLOBAL_CLASSES[c]).join(', '), guard: spec.guard }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
