/**
 * The one-tag form: `<script type="module" src="…/kepu-assistant.js" data-publishable-key="pk_…"></script>` adds a
 * `<kepu-assistant>` to the page with the script's `data-*` attributes. Module scripts have no
 * `document.currentScript`, so the tag is found by its resolved `src`.
 */
const DATA_ATTRIBUTES = ['api-base', 'publishable-key', 'mode', 'lang', 'context', 'ephemeral', 'time-zone'];

export function mountFromScriptTag(scriptUrl: string): void {
  const run = () => {
    for (const script of document.querySelectorAll<HTMLScriptElement>('script[src][data-publishable-key]')) {
      if (!sameScript(script.src, scriptUrl) || script.dataset.kepuMounted !== undefined) continue;
      script.dataset.kepuMounted = '';
      const element = document.createElement('kepu-assistant');
      for (const name of DATA_ATTRIBUTES) {
        const value = script.getAttribute(`data-${name}`);
        if (value !== null) element.setAttribute(name, value);
      }
      // Inline mode renders where the script stands; the launcher floats, so the end of <body> will do.
      if (element.getAttribute('mode') === 'inline') script.after(element);
      else document.body.append(element);
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run, { once: true });
  else run();
}

/** The tag's URL, or `/widget/kepu-assistant.js` that redirected to this versioned file on the same server. */
function sameScript(src: string, scriptUrl: string): boolean {
  if (src === scriptUrl) return true;
  const a = new URL(src);
  const b = new URL(scriptUrl);
  return (
    a.origin === b.origin && a.pathname.endsWith('/kepu-assistant.js') && b.pathname.endsWith('/kepu-assistant.js')
  );
}
