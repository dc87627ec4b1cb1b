// The big screen's map tools (heat window and category, layer switches) and its legend, built from
// the server's vocabulary.

import { escapeHtml } from '../common/format';
import type { MapSurface } from '../common/map-surface';
import { COVERAGE_COLOR, DUTY_STATE_COLOR, RAPID_COLOR, UNIT_STATUS_COLOR, colorOf } from '../common/palette';
import { element } from '../common/ui';
import type { Vocabulary } from '../domain/vocabulary';

export interface HeatFilter {
  /** a heat window of the vocabulary (1h, 24h, 7d, 30d) */
  window: string;
  /** one category, or '' for all */
  category: string;
}

/** The window buttons and the category list; `onChange` gets the new filter. */
export function buildHeatControls(doc: Document, vocabulary: Vocabulary, initial: HeatFilter, onChange: (f: HeatFilter) => void): void {
  const filter = { ...initial };
  const seg = element(doc, 'heat-window');
  seg.replaceChildren();
  for (const w of vocabulary.terms('heatWindows')) {
    const b = doc.createElement('button');
    b.textContent = w.label;
    b.dataset.window = w.id;
    b.className = w.id === filter.window ? 'on' : '';
    b.onclick = () => {
      filter.window = w.id;
      seg.querySelectorAll('button').forEach((x) => x.classList.toggle('on', x === b));
      onChange({ ...filter });
    };
    seg.appendChild(b);
  }
  const sel = element(doc, 'heat-category', HTMLSelectElement);
  sel.innerHTML = `<option value="">全部类别</option>` +
    vocabulary.terms('categories').map((c) => `<option value="${escapeHtml(c.id)}">${escapeHtml(c.label)}</option>`).join('');
  sel.value = filter.category;
  sel.onchange = () => {
    filter.category = sel.value;
    onChange({ ...filter });
  };
}

/** The check boxes that show and hide map layers. */
export function bindLayerToggles(doc: Document, map: MapSurface): void {
  const toggle = (id: string, layers: string[]) => {
    const box = element(doc, id, HTMLInputElement);
    box.onchange = () => map.setLayersVisible(layers, box.checked);
  };
  toggle('toggle-heat', ['heat']);
  toggle('toggle-grids', ['grid-fill', 'grid-line']);
  toggle('toggle-units', ['units', 'units-dot']);
}

/** The posts' states shown in the legend, in this order. */
const LEGEND_DUTY_STATES = ['staffed', 'understaffed', 'missed', 'pending'];

/** The coverage states shown in the legend, in this order. */
const LEGEND_COVERAGE_STATES = ['fresh', 'covered', 'uncovered', 'never'];

/**
 * The legend. Coverage states take the server's labels, except fresh, whose text says what it means
 * for the screen's window (within the last third of it).
 */
export function renderLegend(el: HTMLElement, vocabulary: Vocabulary, incidentHours: number, coverageWindowMinutes: number): void {
  const dot = (color: string, text: string, sq = false) =>
    `<span><i class="${sq ? 'sq' : ''}" style="background:${color}"></i>${escapeHtml(text)}</span>`;
  const coverage: [string, string][] = LEGEND_COVERAGE_STATES.map((k) => [k,
    k === 'fresh' ? `${Math.round(coverageWindowMinutes / 3)} 分钟内巡到` : vocabulary.label('coverageStates', k)]);
  el.innerHTML = `
    <div class="row">网格覆盖：${coverage.map(([k, v]) => dot(colorOf(COVERAGE_COLOR, k), v, true)).join('')}</div>
    <div class="row">巡防力量：${vocabulary.terms('unitStatuses').map((s) => dot(colorOf(UNIT_STATUS_COLOR, s.id), s.label)).join('')}
      护学岗：${LEGEND_DUTY_STATES.map((k) => dot(colorOf(DUTY_STATE_COLOR, k), vocabulary.label('dutyStates', k))).join('')}</div>
    <div class="row">${dot(RAPID_COLOR, '快速反应圈（可用力量 3/5 分钟可达）', true)}${dot('#ff5252', '近重复风险区', true)}重点部位：${dot('#e040fb', '重点时段')}${dot('#ff1744', '超时未巡')}${dot('#6a4a78', '非重点时段')}${dot('#fff', `近 ${incidentHours} 小时事件（按类别着色）`)}</div>`;
}
