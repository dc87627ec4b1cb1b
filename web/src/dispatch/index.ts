// The dispatcher console's entry (dispatch.html): wires the browser's page, map, clock, live client
// and REST API into a DispatchConsole, the drawing tool and the area tools, and starts them, as the
// signed-in user. The vocabulary and the user come first: every label and every transition button
// is the vocabulary's, and the map opens on the user's jurisdiction.

import '../common/theme.css';
import './dispatch.css';
import { WebAudioAlarm, browserAudioHost } from '../common/alarm-sound';
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
import { AreaTools } from './area';
import { DispatchConsole } from './console';
import { Drawer } from './draw';
import { ReportDesk } from './reports';

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
  const base = { doc: document, map: surface, clock, api: httpApi, vocabulary };
  const desk = new DispatchConsole({
    ...base, live, isDrawing: () => tools.drawing, canAcknowledge: me.permissions.includes('alerts'),
    permissions: me.permissions, sound: new WebAudioAlarm(browserAudioHost(window)),
  });
  const tools: AreaTools = new AreaTools({
    ...base, units: desk.units, unitName: (id) => desk.unitName(id), select: (id) => void desk.select(id, true),
  });
  tools.mount(new Drawer(map, surface, (shape) => void tools.query(shape)));
  const hook = publishHook({ map, client: live, console: desk, clock, incidents: desk.incidents, units: desk.units, alerts: desk.alerts, sos: desk.sos.queue, me });
  desk.mount();
  new ReportDesk({ doc: document, api: httpApi, toast: desk.toast }).mount();
  map.on('load', async () => {
    try {
      await loadAreas(surface, httpApi);
    } catch (e) {
      console.error('areas', e);
    }
    map.setPaintProperty('grid-fill', 'fill-opacity', 0.12);
    desk.start();
    // Ready for a look (and for the browser tests): the areas are drawn. A live map may never be
    // "idle" while data keeps arriving, so this does not wait for that.
    map.once('render', () => (hook.ready = true));
    map.triggerRepaint();
  });
}

void main();
