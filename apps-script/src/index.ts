// The Apps Script entry: it only exposes the globals that menus, triggers, dialogs, their templates and the web app call
// by name. build.ts turns every export into a top-level function of dist/apps-script/Code.js and checks
// that each one is classified, with its guard, in globals.ts.
export { doGet, doPost } from './webapp';
export { onOpen } from './menu';
export { setupSheet } from './setup';
export { onEdit } from './stage-edit';
export { inviteCoach, showInviteDialog } from './invite';
export { continueReminders, runReminders } from './reminders';
export { getSettingsForm, previewReminder, saveSettings, showSettings, toggleAutomation } from './automation';
export { dashboardData, refreshDashboard, sendLeaderSummary, showDashboard } from './dashboard';
export {
  clientsForSummary,
  previewClientSummary,
  progressReport,
  reportClients,
  sendClientSummary,
  showClientSummaryDialog,
  showProgressReport,
} from './client-summary';
export { linkAction } from './pages';
export { deploymentReport, setWebAppAddress, showCheckDeployment } from './deployment';
export {
  clientsForExport,
  deleteClientData,
  exportClientData,
  handOverClients,
  handoverState,
  revokeCoach,
  showClientDataDialog,
  showHandoverDialog,
} from './data-rights';
export { applyRetention, applyRetentionNow, retentionState, showRetentionDialog } from './retention';
export { include_ } from './dialogs';
