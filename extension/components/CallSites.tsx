import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { CALL_SITES, type CallSite } from '../calls/sites';
import { hasPermission, requestSite, setCaptions, turnOff, turnOn } from '../calls/background/registration';
import { callSitesItem } from '../lib/storage';
import { useStored } from '../lib/use-stored';

function SiteRow({ site, on, captions }: { site: CallSite; on: boolean; captions: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [granted, setGranted] = useState<boolean | null>(null);
  useEffect(() => {
    const check = () => void hasPermission(site).then(setGranted);
    check();
    browser.permissions.onRemoved.addListener(check);
    browser.permissions.onAdded.addListener(check);
    return () => {
      browser.permissions.onRemoved.removeListener(check);
      browser.permissions.onAdded.removeListener(check);
    };
  }, [site]);
  const active = on && granted !== false;

  const toggle = (want: boolean) => {
    setError(null);
    setBusy(true);
    // The permission prompt must be asked for inside the click: no await before requestSite.
    const done = want
      ? requestSite(site.id).then((ok) =>
          ok ? turnOn(site.id) : Promise.reject(new Error(`Not turned on: the browser did not allow access to ${site.label}.`)),
        )
      : turnOff(site.id);
    void done
      .then(() => hasPermission(site).then(setGranted))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };

  const id = `site-${site.id}`;
  return (
    <li class="site">
      <label class="switch">
        <input
          id={id}
          type="checkbox"
          role="switch"
          checked={active}
          disabled={busy}
          aria-describedby={`${id}-hint`}
          onChange={(e) => toggle(e.currentTarget.checked)}
        />
        <span class="track" aria-hidden="true" />
        <span>{site.label}</span>
      </label>
      <p id={`${id}-hint`} class="hint">
        {active
          ? `On: the panel knows your ${site.label} calls (${site.origins.map((o) => o.replace(/^https:\/\/|\/\*$/g, '')).join(', ')}).`
          : 'Off: FollowThrough does not run on this site.'}
      </p>
      <label class="switch">
        <input
          type="checkbox"
          role="switch"
          checked={active && captions}
          disabled={!active || busy}
          aria-describedby={`${id}-captions-hint`}
          onChange={(e) => void setCaptions(site.id, e.currentTarget.checked)}
        />
        <span class="track" aria-hidden="true" />
        <span>Caption quotes on {site.label}</span>
      </label>
      <p id={`${id}-captions-hint`} class="hint">
        While the call’s captions are on, the last two minutes stay in the call page’s memory so you can quote lines into your notes.
        Nothing from captions is stored or sent unless you quote it.
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** The call sites the panel may follow, each turned on (with its permission) by the coach. */
export function CallSites() {
  const settings = useStored(callSitesItem);
  if (settings === undefined) return null;
  return (
    <section class="card" aria-labelledby="calls-title">
      <h2 id="calls-title">Call awareness</h2>
      <p class="muted">
        Turn a site on and the panel knows the meeting, its participants and its length, and proposes the client. The browser asks you to
        allow access to that site only.
      </p>
      <ul class="sites">
        {CALL_SITES.map((site) => (
          <SiteRow key={site.id} site={site} on={!!settings[site.id]?.on} captions={!!settings[site.id]?.captions} />
        ))}
      </ul>
    </section>
  );
}
