// The server's domain vocabulary, verbatim: the answer of GET /api/v1/vocabulary of
// `java -jar target/gridwatch.jar demo` after the device alarms and the sos / device_alarm alert kinds were added (issue 14) (org.gridwatch.codec.VocabularyJson),
// pretty-printed. Regenerate it with `curl -s localhost:8080/api/v1/vocabulary` when the server's
// enumerations change; the page tests read it as the pages read the server's.

export const VOCABULARY_RESPONSE: unknown = {
  "categories": [
    {
      "id": "public_order",
      "label": "治安"
    },
    {
      "id": "criminal",
      "label": "刑事"
    },
    {
      "id": "fraud",
      "label": "诈骗"
    },
    {
      "id": "dispute",
      "label": "矛盾纠纷"
    },
    {
      "id": "traffic",
      "label": "交通"
    },
    {
      "id": "fire_safety",
      "label": "消防/安全隐患"
    },
    {
      "id": "environment",
      "label": "生态环境"
    },
    {
      "id": "stability",
      "label": "涉稳"
    },
    {
      "id": "cult",
      "label": "邪教"
    },
    {
      "id": "other",
      "label": "其他"
    }
  ],
  "severities": [
    {
      "id": "1",
      "label": "Ⅰ级 特别重大",
      "level": 1,
      "roman": "Ⅰ",
      "name": "特别重大",
      "colour": "#d7191c"
    },
    {
      "id": "2",
      "label": "Ⅱ级 重大",
      "level": 2,
      "roman": "Ⅱ",
      "name": "重大",
      "colour": "#f07c1b"
    },
    {
      "id": "3",
      "label": "Ⅲ级 较大",
      "level": 3,
      "roman": "Ⅲ",
      "name": "较大",
      "colour": "#e8c21a"
    },
    {
      "id": "4",
      "label": "Ⅳ级 一般",
      "level": 4,
      "roman": "Ⅳ",
      "name": "一般",
      "colour": "#2c7bb6"
    }
  ],
  "sources": [
    {
      "id": "grid_report",
      "label": "网格上报"
    },
    {
      "id": "citizen",
      "label": "平安码"
    },
    {
      "id": "police_call",
      "label": "110警情"
    },
    {
      "id": "video",
      "label": "雪亮"
    },
    {
      "id": "hotline",
      "label": "12345"
    }
  ],
  "statuses": [
    {
      "id": "reported",
      "label": "上报",
      "next": [
        "accepted",
        "rejected",
        "merged"
      ],
      "terminal": false
    },
    {
      "id": "accepted",
      "label": "受理",
      "next": [
        "dispatched",
        "handled",
        "rejected",
        "merged"
      ],
      "terminal": false
    },
    {
      "id": "dispatched",
      "label": "派遣",
      "next": [
        "accepted",
        "on_scene"
      ],
      "terminal": false
    },
    {
      "id": "on_scene",
      "label": "处置",
      "next": [
        "handled"
      ],
      "terminal": false
    },
    {
      "id": "handled",
      "label": "反馈",
      "next": [
        "dispatched",
        "verified"
      ],
      "terminal": false
    },
    {
      "id": "verified",
      "label": "核查",
      "next": [
        "closed"
      ],
      "terminal": false
    },
    {
      "id": "closed",
      "label": "结案",
      "next": [],
      "terminal": true
    },
    {
      "id": "rejected",
      "label": "驳回",
      "next": [],
      "terminal": true
    },
    {
      "id": "merged",
      "label": "合并",
      "next": [],
      "terminal": true
    }
  ],
  "caseActions": [
    {
      "id": "status",
      "label": "状态变更"
    },
    {
      "id": "dispatch",
      "label": "派遣"
    },
    {
      "id": "support",
      "label": "增援"
    },
    {
      "id": "reassign",
      "label": "改派"
    },
    {
      "id": "recall",
      "label": "撤回"
    },
    {
      "id": "arrive",
      "label": "到场"
    },
    {
      "id": "merge",
      "label": "合并"
    },
    {
      "id": "supervise",
      "label": "督办"
    },
    {
      "id": "transfer",
      "label": "流转"
    },
    {
      "id": "overdue",
      "label": "超时"
    }
  ],
  "handlingLevels": [
    {
      "id": "village",
      "label": "村（社区）"
    },
    {
      "id": "township",
      "label": "乡镇（街道）"
    },
    {
      "id": "county",
      "label": "县级部门"
    }
  ],
  "unitKinds": [
    {
      "id": "police_car",
      "label": "巡逻车"
    },
    {
      "id": "foot_patrol",
      "label": "步巡"
    },
    {
      "id": "security_guard",
      "label": "保安"
    },
    {
      "id": "grid_worker",
      "label": "网格员"
    },
    {
      "id": "police_assistant",
      "label": "警务助理"
    }
  ],
  "unitStatuses": [
    {
      "id": "available",
      "label": "可用"
    },
    {
      "id": "busy",
      "label": "忙碌"
    },
    {
      "id": "off_duty",
      "label": "离岗"
    }
  ],
  "dutyStates": [
    {
      "id": "pending",
      "label": "待到岗"
    },
    {
      "id": "staffed",
      "label": "已到岗"
    },
    {
      "id": "understaffed",
      "label": "到岗不足"
    },
    {
      "id": "missed",
      "label": "未到岗"
    },
    {
      "id": "none",
      "label": "无值守时段"
    }
  ],
  "schoolKinds": [
    {
      "id": "kindergarten",
      "label": "幼儿园"
    },
    {
      "id": "primary",
      "label": "小学"
    },
    {
      "id": "middle",
      "label": "中学"
    }
  ],
  "keyPlaceKinds": [
    {
      "id": "night_market",
      "label": "夜市"
    },
    {
      "id": "station",
      "label": "车站"
    },
    {
      "id": "hospital",
      "label": "医院"
    },
    {
      "id": "school_area",
      "label": "校园周边"
    },
    {
      "id": "square",
      "label": "广场"
    },
    {
      "id": "bank",
      "label": "银行网点"
    },
    {
      "id": "mall",
      "label": "商场"
    }
  ],
  "alertKinds": [
    {
      "id": "post_unstaffed",
      "label": "护学岗未到岗"
    },
    {
      "id": "grid_uncovered",
      "label": "网格长时未巡"
    },
    {
      "id": "near_repeat",
      "label": "近重复风险"
    },
    {
      "id": "overdue",
      "label": "案件超时"
    },
    {
      "id": "sos",
      "label": "紧急求助"
    },
    {
      "id": "device_alarm",
      "label": "终端报警"
    }
  ],
  "deviceAlarms": [
    {
      "id": "sos",
      "label": "紧急报警",
      "urgent": true
    },
    {
      "id": "overspeed",
      "label": "超速报警",
      "urgent": false
    },
    {
      "id": "fatigue",
      "label": "疲劳驾驶",
      "urgent": false
    },
    {
      "id": "danger",
      "label": "危险预警",
      "urgent": false
    },
    {
      "id": "gnss_fault",
      "label": "定位模块故障",
      "urgent": false
    },
    {
      "id": "power_low",
      "label": "电源欠压",
      "urgent": false
    },
    {
      "id": "power_cut",
      "label": "电源掉电",
      "urgent": true
    },
    {
      "id": "tamper",
      "label": "非法位移",
      "urgent": true
    },
    {
      "id": "collision",
      "label": "碰撞侧翻",
      "urgent": true
    },
    {
      "id": "fall_down",
      "label": "跌倒报警",
      "urgent": true
    }
  ],
  "alertSeverities": [
    {
      "id": "critical",
      "label": "紧急"
    },
    {
      "id": "warning",
      "label": "警告"
    },
    {
      "id": "info",
      "label": "提示"
    }
  ],
  "heatWindows": [
    {
      "id": "1h",
      "label": "近1小时"
    },
    {
      "id": "24h",
      "label": "近24小时"
    },
    {
      "id": "7d",
      "label": "近7天"
    },
    {
      "id": "30d",
      "label": "近30天"
    }
  ],
  "coverageStates": [
    {
      "id": "never",
      "label": "从未巡到"
    },
    {
      "id": "fresh",
      "label": "新近巡到"
    },
    {
      "id": "covered",
      "label": "窗口内巡到"
    },
    {
      "id": "uncovered",
      "label": "超时未巡"
    }
  ],
  "rejectReasons": [
    {
      "id": "invalid",
      "label": "数据无效"
    },
    {
      "id": "future_time",
      "label": "时间超前"
    },
    {
      "id": "early_time",
      "label": "时间过早"
    },
    {
      "id": "unknown_unit",
      "label": "未登记单位"
    },
    {
      "id": "out_of_order",
      "label": "时间倒序"
    },
    {
      "id": "duplicate",
      "label": "重复上报"
    },
    {
      "id": "implausible_jump",
      "label": "位置跳变"
    },
    {
      "id": "not_permitted",
      "label": "无权上报"
    }
  ],
  "adminLevels": [
    {
      "id": "city",
      "label": "市"
    },
    {
      "id": "county",
      "label": "县区"
    },
    {
      "id": "township",
      "label": "乡镇街道"
    },
    {
      "id": "village",
      "label": "村社区"
    },
    {
      "id": "grid",
      "label": "网格"
    }
  ]
};
