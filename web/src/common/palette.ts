// Presentation of the domain vocabulary: colours and icon characters, keyed by the server's
// identifiers (GET /api/v1/vocabulary gives the identifiers and labels). An identifier without an
// entry here gets the fallback colour, so a term the server adds is drawn, only not in its own hue.

export const FALLBACK_COLOR = '#90a4ae';

export const CATEGORY_COLOR: Readonly<Record<string, string>> = {
  public_order: '#4fc3f7', criminal: '#ff5252', fraud: '#ffab40', dispute: '#b388ff', traffic: '#69f0ae',
  fire_safety: '#ff6e40', environment: '#aeea00', stability: '#ff4081', cult: '#ea80fc', other: '#90a4ae',
};

export const UNIT_STATUS_COLOR: Readonly<Record<string, string>> = { available: '#00e676', busy: '#ffb300', off_duty: '#78909c' };

/** One character drawn on a unit's icon; a kind without one gets the first character of its label. */
export const UNIT_KIND_CHAR: Readonly<Record<string, string>> = {
  police_car: '车', foot_patrol: '步', security_guard: '保', grid_worker: '网', police_assistant: '助',
};

/** 护学岗 duty states (the vocabulary's dutyStates). */
export const DUTY_STATE_COLOR: Readonly<Record<string, string>> = {
  none: '#455a64', pending: '#40c4ff', staffed: '#00e676', understaffed: '#ffb300', missed: '#ff1744',
};

/** The 快速反应圈 layer: the part of a township an available unit reaches in 3/5 minutes. */
export const RAPID_COLOR = '#8c9eff';

/** Grid coverage states of the coverage channel (not in the vocabulary: see the legend). */
export const COVERAGE_COLOR: Readonly<Record<string, string>> = {
  fresh: '#00c853', covered: '#26a69a', uncovered: '#ff6d00', never: '#4a2230',
};

/** Incident grades Ⅰ–Ⅳ (Ⅰ the most serious), keyed by the level the API carries: the national plans' warning colours. */
export const INCIDENT_SEVERITY_COLOR: Readonly<Record<string, string>> = { 1: '#d7191c', 2: '#f07c1b', 3: '#e8c21a', 4: '#2c7bb6' };
export const ALERT_SEVERITY_COLOR: Readonly<Record<string, string>> = { critical: '#ff1744', warning: '#ffab40', info: '#40c4ff' };

export function colorOf(table: Readonly<Record<string, string>>, id: string | null | undefined): string {
  return (id != null ? table[id] : undefined) ?? FALLBACK_COLOR;
}
