// What a person at the sheet does, for the CLI, the demo and tests: open a dialog from the add-on's menu
// and use its capability, or send the web app a request — the same paths a person takes on Google, so
// nothing here reaches the bundle in a way Google would not allow.
import type { ShownDialog } from './host/ui';
import type { ExecContext, Runtime } from './runtime';

/** The capability the add-on puts into a dialog's HTML when an editor opens it. */
export function capabilityOf(dialogs: readonly ShownDialog[]): string {
  for (const dialog of dialogs) {
    const match = /id="ft-capability" value="([^"]+)"/.exec(dialog.html);
    if (match) return match[1]!;
  }
  throw new Error('The dialog carries no capability.');
}

/** Opens a dialog as `context` (the owner at the keyboard by default) and returns its capability. */
export function openDialog(rt: Runtime, showFunction: string, context: ExecContext = rt.asUser()): string {
  return capabilityOf(rt.invokeIn(context, showFunction).dialogs);
}

/** `openDialog` through the worker pool, as the sheet host page does. */
export async function openDialogAsync(rt: Runtime, showFunction: string, context: ExecContext = rt.asUser()): Promise<string> {
  return capabilityOf((await rt.executeIn(context, showFunction)).dialogs);
}

export interface Invitation {
  coachId: string;
  code: string;
  emailed: boolean;
  emailError?: string;
}

/** Menu "Invite coach…", then the dialog's Invite button. */
export function inviteCoach(
  rt: Runtime,
  name: string,
  email: string,
  role = 'coach',
  sendEmail = false,
  context: ExecContext = rt.asUser(),
): Invitation {
  const capability = openDialog(rt, 'showInviteDialog', context);
  return rt.callIn(context, 'inviteCoach', capability, name, email, role, sendEmail) as Invitation;
}

/** A GET of the web app's /exec with no page: what opening the deployment's URL once does. */
export function openWebApp(rt: Runtime): void {
  rt.callIn(rt.webApp, 'doGet', { parameter: {}, parameters: {}, queryString: '', contextPath: '', contentLength: -1 });
}
