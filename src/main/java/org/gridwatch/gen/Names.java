package org.gridwatch.gen;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Deterministic generator of plausible Chinese names for demo data: people, streets (街道), towns
 * (镇/乡), villages (村), communities (社区). Names are composed from common parts; any
 * resemblance to a real place is by construction of the naming patterns, not a claim about it.
 *
 * <p>Not thread-safe: callers pass their own {@link SplittableRandom}.
 */
final class Names {
    /** Common surnames, the most frequent in Shandong first and repeated to weight them. */
    private static final String[] SURNAMES = (
            "王王王王张张张张李李李李刘刘刘陈陈杨杨赵赵孙孙周吴徐胡朱高郭马韩魏姜曹梁宋郑谢唐冯于董程袁邓许傅沈"
                    + "彭吕苏卢蒋蔡贾丁薛崔石任侯邵孟段范杜戴田郝孔白毛邱秦史顾董付尹牛薄燕商巩")
            .split("");
    private static final String[] GIVEN_ONE = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚辉华鹏飞玲红梅燕"
            + "斌浩凯峰莉萍健波琳宁欣蕾晨阳亮晶倩雪").split("");
    private static final String[] GIVEN_FIRST = "建志海秀玉桂淑晓丽春文国立德永新金美红宏庆俊家子雨思佳"
            .split("");
    private static final String[] GIVEN_SECOND = "华国英兰芳军明平强霞伟敏涛燕东萍林峰玲刚辉娜静杰琳宇轩涵怡"
            .split("");

    private static final String[] STREET_NAMES = {
        "市中", "市东", "市西", "北镇", "滨北", "彭李", "杜店", "梁才", "沙河", "黄河五路", "黄河八路", "渤海九路",
        "渤海十八路", "新立河", "锦秋", "黛溪", "古城", "府前", "新华", "城东", "城西", "城南", "城北", "东城",
        "西城", "开元", "永安", "文昌", "河东", "河西", "鼓楼", "金阳", "银河", "长安", "胜利", "光明", "朝阳",
        "凤凰", "龙城", "富源", "月河", "秦台", "清怡", "高新", "安定", "利民", "兴福", "中心"};
    private static final String[] PLACE_FIRST = ("李胡辛姜魏孙马杨刘郭石柳沙桑麻枣梨苗高陈何韩曹庞乔焦明台码"
            + "青里佘信车利下大小临西东南北前后新古清黄堡温翟商劳").split("");
    private static final String[] PLACE_SECOND = "集店庄楼桥口坊寨堡屯营坡洼台河湖港王里镇家园湾岭泉".split("");
    private static final String[] VILLAGE_PREFIX = {"", "", "", "", "", "东", "西", "南", "北", "前", "后", "大",
        "小", "中", "新", "老", "上", "下"};
    private static final String[] VILLAGE_SUFFIX = {"家", "家", "家", "庄", "楼", "集", "店", "屯", "营", "洼", "桥",
        "寨", "堡", "坊", "家庄", "家洼", "家店", "家集", "官庄", "王", "家楼", "家桥"};
    private static final String[] COMMUNITY_FIRST = {"渤海", "黄河", "新立", "彩虹", "阳光", "幸福", "和平", "兴华",
        "民安", "康乐", "东方", "锦绣", "怡园", "丽景", "北海", "滨河", "永安", "安居", "富源", "鑫城", "金城", "文苑",
        "书香", "翠园", "秀水", "青年", "建设", "胜利", "光明", "红旗", "新华", "育才", "明珠", "紫金", "龙城", "凤凰",
        "金桥", "玉龙", "绿洲", "春晖", "朝阳", "南苑", "北苑", "东苑", "西苑", "御园", "荷花", "清怡", "康城", "华府",
        "嘉园", "盛世", "祥和", "瑞园", "锦华", "海棠", "紫薇", "梧桐", "银河", "府前", "新城", "长安", "鼓楼", "富国"};
    private static final String[] COMMUNITY_SUFFIX = {"社区", "社区", "社区", "社区", "花园社区", "家园社区",
        "新村社区"};
    private static final String[] DIGITS = "零一二三四五六七八九".split("");

    private Names() {
    }

    /** A person's name: surname and one or two given characters, e.g. "王秀英", "李磊". */
    static String person(SplittableRandom rnd) {
        String surname = pick(rnd, SURNAMES);
        if (rnd.nextInt(10) < 3) {
            return surname + pick(rnd, GIVEN_ONE);
        }
        return surname + pick(rnd, GIVEN_FIRST) + pick(rnd, GIVEN_SECOND);
    }

    /** A street name (街道) not yet in {@code used}, e.g. "黄河五路街道". */
    static String street(SplittableRandom rnd, Set<String> used) {
        return unique(used, () -> pick(rnd, STREET_NAMES) + "街道",
                () -> pick(rnd, PLACE_FIRST) + pick(rnd, PLACE_SECOND) + "街道");
    }

    /** A town (镇) or township (乡) name not yet in {@code used}, e.g. "胡集镇". */
    static String town(SplittableRandom rnd, Set<String> used, boolean xiang) {
        String suffix = xiang ? "乡" : "镇";
        return unique(used, () -> pick(rnd, PLACE_FIRST) + pick(rnd, PLACE_SECOND) + suffix,
                () -> pick(rnd, PLACE_FIRST) + pick(rnd, SURNAMES) + pick(rnd, PLACE_SECOND) + suffix);
    }

    /** A village name (村) not yet in {@code used}, e.g. "张家村", "前李庄村". */
    static String village(SplittableRandom rnd, Set<String> used) {
        return unique(used, () -> pick(rnd, VILLAGE_PREFIX) + pick(rnd, SURNAMES) + pick(rnd, VILLAGE_SUFFIX) + "村",
                () -> pick(rnd, VILLAGE_PREFIX) + pick(rnd, SURNAMES) + pick(rnd, SURNAMES) + pick(rnd, VILLAGE_SUFFIX)
                        + "村");
    }

    /** A community name (社区) not yet in {@code used}, e.g. "渤海社区", "阳光花园社区". */
    static String community(SplittableRandom rnd, Set<String> used) {
        return unique(used, () -> pick(rnd, COMMUNITY_FIRST) + pick(rnd, COMMUNITY_SUFFIX),
                () -> pick(rnd, COMMUNITY_FIRST) + pick(rnd, PLACE_SECOND) + "社区");
    }

    /**
     * The name of the n-th demo road (n from 1) of a family, in the pattern of Binzhou's numbered
     * avenues: {@code 黄河一路} (family 黄河, n 1), {@code 渤海十二路}.
     */
    static String road(String family, int n) {
        return family + numeral(n) + "路";
    }

    /** Chinese numeral for 1–99, e.g. 3 → "三", 12 → "十二", 40 → "四十". */
    static String numeral(int n) {
        if (n < 1 || n > 99) {
            return Integer.toString(n);
        }
        if (n < 10) {
            return DIGITS[n];
        }
        int tens = n / 10;
        int ones = n % 10;
        return (tens == 1 ? "" : DIGITS[tens]) + "十" + (ones == 0 ? "" : DIGITS[ones]);
    }

    /** The name without its administrative suffix: "黄河五路街道" → "黄河五路", "张家村" → "张家". */
    static String shortName(String name) {
        for (String suffix : List.of("街道", "社区", "镇", "乡", "村", "区", "县", "市")) {
            if (name.endsWith(suffix) && name.length() > suffix.length() + 1) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    static String pick(SplittableRandom rnd, String[] pool) {
        return pool[rnd.nextInt(pool.length)];
    }

    /**
     * Draws from {@code first} up to 40 times, then from {@code fallback}, until a name not in
     * {@code used} comes up; adds it to {@code used}. Numbered as a last resort so it always ends.
     */
    static String unique(Set<String> used, Supplier<String> first, Supplier<String> fallback) {
        for (int i = 0; i < 40; i++) {
            String s = first.get();
            if (used.add(s)) {
                return s;
            }
        }
        for (int i = 0; i < 200; i++) {
            String s = fallback.get();
            if (used.add(s)) {
                return s;
            }
        }
        String base = first.get();
        for (int i = 2; ; i++) {
            String s = base.replaceFirst("(街道|社区|镇|乡|村)$", numeral(i) + "$1");
            if (used.add(s)) {
                return s;
            }
        }
    }
}
