// The FollowThrough menu of the program's sheet (a script bound to it). Items name globals of the bundle.
export function onOpen(): void {
  SpreadsheetApp.getUi()
    .createMenu('FollowThrough')
    .addItem('Set up sheet', 'setupSheet')
    .addItem('Invite coach…', 'showInviteDialog')
    .addSeparator()
    .addItem('Turn automation on/off', 'toggleAutomation')
    .addItem('Send reminders now', 'runReminders')
    .addItem('Refresh dashboard', 'refreshDashboard')
    .addItem('Open dashboard…', 'showDashboard')
    .addItem('Send a client their summary…', 'showClientSummaryDialog')
    .addItem('Progress report…', 'showProgressReport')
    .addItem('Settings…', 'showSettings')
    .addSeparator()
    .addItem('Export or delete a client’s data…', 'showClientDataDialog')
    .addItem('Hand over clients or revoke a coach…', 'showHandoverDialog')
    .addItem('Apply data retention…', 'showRetentionDialog')
    .addSeparator()
    .addItem('Check deployment…', 'showCheckDeployment')
    .addToUi();
}
