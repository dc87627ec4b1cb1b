// The page's test and operations hook: `window.__gw` holds what the page holds now (the map, the
// live client, the live state), read by the browser tests and the soak run (web/e2e), and `ready`
// once the map's base layers are drawn.

declare global {
  interface Window {
    __gw?: Record<string, unknown>;
  }
}

export function publishHook(fields: Record<string, unknown>): Record<string, unknown> {
  const hook = { ...fields, ready: false };
  window.__gw = hook;
  return hook;
}
