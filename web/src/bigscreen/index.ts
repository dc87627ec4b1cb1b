// The big screen's entry (index.html): wires the browser's page, map, clock, live client and REST
// API into a BigScreen and starts it. The vocabulary comes first: every label on the page is its.

import '../common/theme.css';
import './bigscreen.css';
import { httpApi } from '../common/api';
import { createMap, loadAreas } from '../common/basemap';
import { systemClock } from '../common/clock';
import { publishHook } from '../common/hook';
import { MapLibreSurface } from '../common/maplibre-surface';
import { element } from '../common/ui';
import { loadVocabulary } from '../domain/vocabulary';
import { LiveClient, liveUrl } from '../live/client';
import { EChartsPanels } from './panels';
import { BigScreen } from './screen';

async function main(): Promise<void> {
  const vocabulary = await loadVocabulary(httpApi, systemClock);
  const map = createMap(element(document, 'map'), vocabulary);
  const surface = new MapLibreSurface(map);
  const live = new LiveClient({ url: liveUrl() });
  const screen = new BigScreen({
    doc: document, map: surface, live, clock: systemClock, api: httpApi, vocabulary, panels: new EChartsPanels(document, vocabulary),
  });
  const hook = publishHook({
    map, client: live, screen, units: screen.units, heat: screen.heat, posts: screen.posts,
    incidents: screen.incidents, alerts: screen.alerts,
  });
  screen.mount();
  map.on('load', async () => {
    try {
      await loadAreas(surface, httpApi);
    } catch (e) {
      console.error('areas', e);
    }
    screen.start();
    // Ready for a look (and for the browser tests): the areas are drawn. A live map may never be
    // "idle" while data keeps arriving, so this does not wait for that.
    map.once('render', () => (hook.ready = true));
    map.triggerRepaint();
  });
}

void main();
