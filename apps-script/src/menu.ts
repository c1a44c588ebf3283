// The add-on menu. Items name globals of the bundle.
// Installed as an Editor add-on, the menu lives under Extensions (createAddonMenu); bound to the
// program's sheet, it is a FollowThrough menu of its own.
export function onOpen(e?: { authMode?: unknown }): void {
  const ui = SpreadsheetApp.getUi();
  const addon = e !== undefined && e.authMode !== undefined && String(e.authMode) === 'NONE';
  (addon ? ui.createAddonMenu() : ui.createMenu('FollowThrough'))
    .addItem('Set up sheet', 'setupSheet')
    .addItem('Invite coach…', 'showInviteDialog')
    .addSeparator()
    .addItem('Turn automation on/off', 'toggleAutomation')
    .addItem('Send reminders now', 'runReminders')
    .addItem('Refresh dashboard', 'refreshDashboard')
    .addItem('Open dashboard…', 'showDashboard')
    .addItem('Send a client their summary…', 'showClientSummaryDialog')
    .addItem('Settings…', 'showSettings')
    .addToUi();
}

export function onInstall(e?: { authMode?: unknown }): void {
  onOpen(e);
}
