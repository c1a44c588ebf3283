// The add-on menu. Items name globals of the bundle.
export function onOpen(_e?: unknown): void {
  SpreadsheetApp.getUi()
    .createMenu('FollowThrough')
    .addItem('Set up sheet', 'setupSheet')
    .addItem('Invite coach…', 'showInviteDialog')
    .addToUi();
}

export function onInstall(e?: unknown): void {
  onOpen(e);
}
