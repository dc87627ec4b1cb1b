// Chinese labels and colours of the domain vocabulary (DESIGN.md, README "Data model").

export const CATEGORY: Record<string, string> = {
  public_order: '治安', criminal: '刑事', fraud: '诈骗', dispute: '矛盾纠纷', traffic: '交通',
  fire_safety: '消防安全', environment: '生态环境', stability: '涉稳', cult: '邪教', other: '其他',
};

export const CATEGORY_COLOR: Record<string, string> = {
  public_order: '#4fc3f7', criminal: '#ff5252', fraud: '#ffab40', dispute: '#b388ff', traffic: '#69f0ae',
  fire_safety: '#ff6e40', environment: '#aeea00', stability: '#ff4081', cult: '#ea80fc', other: '#90a4ae',
};

export const STATUS: Record<string, string> = {
  reported: '上报', accepted: '受理', dispatched: '派遣', on_scene: '处置', handled: '反馈',
  verified: '核查', closed: '结案', rejected: '驳回', merged: '合并',
};

/** Allowed workflow transitions (org.gridwatch.incident.Status#next). */
export const NEXT_STATUS: Record<string, string[]> = {
  reported: ['accepted', 'rejected', 'merged'],
  accepted: ['dispatched', 'handled', 'rejected', 'merged'],
  dispatched: ['on_scene', 'accepted'],
  on_scene: ['handled'],
  handled: ['verified', 'dispatched'],
  verified: ['closed'],
  closed: [], rejected: [], merged: [],
};

export const SOURCE: Record<string, string> = {
  grid_report: '网格上报', citizen: '平安码', police_call: '110警情', video: '雪亮', hotline: '12345',
};

export const UNIT_KIND: Record<string, string> = {
  police_car: '巡逻车', foot_patrol: '步巡', security_guard: '保安', grid_worker: '网格员', police_assistant: '警务助理',
};

/** One character drawn on a unit's icon. */
export const UNIT_KIND_CHAR: Record<string, string> = {
  police_car: '车', foot_patrol: '步', security_guard: '保', grid_worker: '网', police_assistant: '助',
};

export const UNIT_STATUS: Record<string, string> = { available: '可用', busy: '忙碌', off_duty: '离岗' };
export const UNIT_STATUS_COLOR: Record<string, string> = { available: '#00e676', busy: '#ffb300', off_duty: '#78909c' };

export const POST_STATE: Record<string, string> = {
  none: '今日无值守', off: '非值守时段', pending: '待到岗', staffed: '已到岗', understaffed: '人员不足', missed: '未到岗',
};
export const POST_STATE_COLOR: Record<string, string> = {
  none: '#455a64', off: '#546e7a', pending: '#40c4ff', staffed: '#00e676', understaffed: '#ffb300', missed: '#ff1744',
};

export const COVERAGE_STATE: Record<string, string> = {
  fresh: '10 分钟内巡到', covered: '窗口内巡到', uncovered: '超时未巡', never: '从未巡到',
};
export const COVERAGE_COLOR: Record<string, string> = {
  fresh: '#00c853', covered: '#26a69a', uncovered: '#ff6d00', never: '#4a2230',
};

export const ALERT_KIND: Record<string, string> = {
  post_unstaffed: '护学岗未到岗', grid_uncovered: '网格长时未巡', near_repeat: '近重复风险',
  sla_overdue: '处置超时', unit_left_area: '力量离开责任区',
};

export const ALERT_SEVERITY_COLOR: Record<string, string> = { critical: '#ff1744', warning: '#ffab40', info: '#40c4ff' };

export const HEAT_WINDOWS: [string, string][] = [['1h', '1小时'], ['24h', '24小时'], ['7d', '7天'], ['30d', '30天']];

export const label = (table: Record<string, string>, key: string | null | undefined): string =>
  key == null ? '—' : table[key] ?? key;
