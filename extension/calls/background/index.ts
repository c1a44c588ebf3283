// Call awareness in the background: the site registrations (registration.ts) and the calls the tabs
// report (reports.ts). The background entrypoint calls registerCallAwareness() once.
import { registerCallSites } from './registration';
import { registerCalls } from './reports';

export function registerCallAwareness(): void {
  registerCallSites();
  registerCalls();
}
