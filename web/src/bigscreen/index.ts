// The big screen's entry (index.html): wires the browser's page, map, clock, live client and REST
// API into a BigScreen and starts it, as the signed-in user. The vocabulary and the user come
// first: every label on the page is the vocabulary's, and the map opens on the user's jurisdiction.

import '../common/theme.css';
import './bigscreen.css';
import { httpApi } from '../common/api';
import { pageSession } from '../common/auth';
import { createMap, loadAreas } from '../common/basemap';
import { systemClock } from '../common/clock';
import { publishHook } from '../common/hook';
import { ServerClock } from '../common/server-clock';
import { MapLibreSurface } from '../common/maplibre-surface';
import { element } from '../common/ui';
import { jurisdictionBounds, showSignedIn, signedInUser, watchLiveSession } from '../common/user';
import { loadVocabulary } from '../domain/vocabulary';
import { LiveClient, liveUrl } from '../live/client';
import { DutyTrend } from './duty-trend';
import { EChartsPanels } from './panels';
import { BigScreen } from './screen';

async function main(): Promise<void> {
  const [vocabulary, me] = await Promise.all([loadVocabulary(httpApi, systemClock), signedInUser(httpApi, pageSession, systemClock)]);
  showSignedIn(element(document, 'user'), me, httpApi, pageSession);
  const bounds = await jurisdictionBounds(httpApi, me);
  const map = createMap(element(document, 'map'), vocabulary, bounds ? { bounds, fitBoundsOptions: { padding: 40 } } : {});
  const surface = new MapLibreSurface(map);
  const live = new LiveClient({ url: liveUrl() });
  watchLiveSession(live, httpApi, pageSession, systemClock);
  // The page's time is the server's (an accelerated demo, a wall PC whose clock is wrong).
  const clock = new ServerClock(systemClock);
  live.onServerTime((serverMs, rttMs) => clock.observe(serverMs, rttMs));
  const screen = new BigScreen({
    doc: document, map: surface, live, clock, api: httpApi, vocabulary, panels: new EChartsPanels(document, vocabulary),
  });
  const trend = new DutyTrend(document, httpApi, systemClock);
  const hook = publishHook({
    map, client: live, screen, clock, units: screen.units, heat: screen.heat, posts: screen.posts,
    incidents: screen.incidents, alerts: screen.alerts, urgent: screen.urgent.queue, me, trend,
  });
  screen.mount();
  map.on('load', async () => {
    try {
      await loadAreas(surface, httpApi);
    } catch (e) {
      console.error('areas', e);
    }
    screen.start();
    trend.start();
    // Ready for a look (and for the browser tests): the areas are drawn. A live map may never be
    // "idle" while data keeps arriving, so this does not wait for that.
    map.once('render', () => (hook.ready = true));
    map.triggerRepaint();
  });
}

void main();
