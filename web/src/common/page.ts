// What every page is built from: injected so that a page runs in a browser or under Vitest alike.
import type { Api } from './api';
import type { Clock } from './clock';
import type { MapSurface } from './map-surface';
import type { Vocabulary } from '../domain/vocabulary';
import type { LiveFeed } from '../live/client';

export interface PageDeps {
  doc: Document;
  map: MapSurface;
  live: LiveFeed;
  clock: Clock;
  api: Api;
  vocabulary: Vocabulary;
}
