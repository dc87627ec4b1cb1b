// An incident's grade (Ⅰ–Ⅳ, Ⅰ the most serious, as in the national emergency plans) as a
// coloured tag. The label comes from the server's vocabulary ('Ⅲ级 较大'); the colour is the
// page's (../common/palette.ts), keyed by the level the API carries.

import { escapeHtml } from '../common/format';
import { INCIDENT_SEVERITY_COLOR, colorOf } from '../common/palette';
import type { Vocabulary } from '../domain/vocabulary';

/** The tag of grade `level`: 'Ⅲ级 较大', or 'Ⅲ级' when `short`; '—' when the incident has none. */
export function severityTag(v: Vocabulary, level: number | null, short = false): string {
  if (level === null) return '—';
  const id = String(level);
  const label = v.label('severities', id);
  const text = short ? label.split(' ')[0] : label;
  const ink = level === 3 ? '#212121' : '#fff'; // dark text on the yellow of Ⅲ
  return `<span class="tag sev" data-severity="${escapeHtml(id)}" style="background:${colorOf(INCIDENT_SEVERITY_COLOR, id)};color:${ink}">${escapeHtml(text)}</span>`;
}
