package org.gridwatch.gen;

import static org.gridwatch.gen.Names.numeral;
import static org.gridwatch.gen.Names.shortName;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Supplier;
import org.gridwatch.geo.Geo;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.post.DutyWindow;
import org.gridwatch.post.KeyPeriod;
import org.gridwatch.post.KeyPlace;
import org.gridwatch.post.KeyPlaceKind;
import org.gridwatch.post.SchoolKind;
import org.gridwatch.post.SchoolPost;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Point;

/**
 * Places school-guard posts, key places and the unit roster on the generated grids, more of them
 * where more people live. Not thread-safe; one instance per generation.
 */
final class PlaceGenerator {
    static final int SCHOOL_POSTS = 1161;
    static final int KEY_PLACES = 300;
    static final int UNITS = 2500;
    /** Shares of the unit kinds, in {@link UnitKind} order. */
    private static final double[] UNIT_SHARES = {0.14, 0.22, 0.34, 0.20, 0.10};

    private final List<GenArea> counties;
    /** Grids of each county (by county code), in code order. */
    private final TreeMap<String, List<GenArea>> gridsOfCounty = new TreeMap<>();
    private final TreeMap<String, double[]> urbannessOfCounty = new TreeMap<>();
    private final TreeMap<String, Integer> counters = new TreeMap<>();
    private List<SchoolPost> posts = List.of();

    PlaceGenerator(List<GenArea> counties, List<GenArea> grids, DoubleBinaryOperator urbanness) {
        this.counties = counties;
        for (GenArea c : counties) {
            gridsOfCounty.put(c.code, new ArrayList<>());
        }
        for (GenArea g : grids) {
            gridsOfCounty.get(g.code.substring(0, 6)).add(g);
        }
        for (var e : gridsOfCounty.entrySet()) {
            double[] u = new double[e.getValue().size()];
            for (int i = 0; i < u.length; i++) {
                Point c = e.getValue().get(i).polygon.getCentroid();
                u[i] = urbanness.applyAsDouble(c.getX(), c.getY());
            }
            urbannessOfCounty.put(e.getKey(), u);
        }
    }

    // ------------------------------------------------------------------ school posts

    List<SchoolPost> schoolPosts(SplittableRandom rnd) {
        int[] perCounty = byPopulation(SCHOOL_POSTS);
        Set<String> used = new HashSet<>();
        List<SchoolPost> out = new ArrayList<>();
        for (int ci = 0; ci < counties.size(); ci++) {
            GenArea county = counties.get(ci);
            List<GenArea> grids = gridsOfCounty.get(county.code);
            double[] weight = weights(county, 2);
            for (int i = 0; i < perCounty[ci]; i++) {
                int r = rnd.nextInt(100);
                SchoolKind kind = r < 38 ? SchoolKind.KINDERGARTEN : r < 80 ? SchoolKind.PRIMARY : SchoolKind.MIDDLE;
                GenArea grid = grids.get(pick(weight, rnd));
                boolean urban = grid.parent.urban || grid.parent.parent.urban;
                String name = Names.unique(used, schoolName(kind, county, grid, urban, rnd),
                        () -> county.name + "第" + numeral(next(county.code + kind.id())) + kind.label());
                double radius = switch (kind) {
                    case KINDERGARTEN -> 50 + 10 * rnd.nextInt(4);
                    case PRIMARY -> 80 + 10 * rnd.nextInt(5);
                    case MIDDLE -> 100 + 10 * rnd.nextInt(6);
                };
                int staff = switch (kind) {
                    case KINDERGARTEN -> 1 + rnd.nextInt(2);
                    case PRIMARY -> 2 + rnd.nextInt(2);
                    case MIDDLE -> 2 + rnd.nextInt(3);
                };
                staff = Math.min(4, staff + (urban ? 1 : 0));
                out.add(new SchoolPost(String.format("SP%04d", out.size() + 1), name, kind, pointIn(grid, rnd), radius,
                        dutyWindows(kind, rnd), staff, grid.code, county.code, true));
            }
        }
        posts = out;
        return out;
    }

    private Supplier<String> schoolName(SchoolKind kind, GenArea county, GenArea grid, boolean urban,
                                        SplittableRandom rnd) {
        String c = county.name;
        String t = grid.parent.parent.name;
        String ts = shortName(t);
        String vs = shortName(grid.parent.name);
        return () -> {
            int r = rnd.nextInt(100);
            return switch (kind) {
                case KINDERGARTEN -> urban
                        ? (r < 45 ? vs + "幼儿园" : r < 70 ? ts + "幼儿园" : r < 80
                        ? c + "第" + numeral(next(c + "实验幼儿园")) + "实验幼儿园" : t + "中心幼儿园")
                        : (r < 55 ? vs + "幼儿园" : r < 80 ? t + "中心幼儿园" : t + "第" + numeral(next(t + "幼儿园"))
                        + "幼儿园");
                case PRIMARY -> urban
                        ? (r < 15 ? c + "第" + numeral(next(c + "实验小学")) + "实验小学" : r < 75 ? vs + "小学" : ts + "小学")
                        : (r < 35 ? t + "中心小学" : r < 85 ? vs + "小学" : t + "第" + numeral(next(t + "小学")) + "小学");
                case MIDDLE -> urban
                        ? (r < 25 ? c + "第" + numeral(next(c + "中学")) + "中学" : r < 35 ? c + "实验中学" : ts + "中学")
                        : (r < 55 ? t + "中学" : r < 75 ? t + "第" + numeral(next(t + "中学")) + "中学" : vs + "中学");
            };
        };
    }

    private static List<DutyWindow> dutyWindows(SchoolKind kind, SplittableRandom rnd) {
        return switch (kind) {
            case KINDERGARTEN -> List.of(window(7, 30 + 10 * rnd.nextInt(2), 40),
                    window(16, 10 * rnd.nextInt(3), 40));
            case PRIMARY -> List.of(window(7, 10 * rnd.nextInt(3), 40), window(11, 20 + 10 * rnd.nextInt(2), 30),
                    window(16, 20 + 10 * rnd.nextInt(2), 40));
            case MIDDLE -> List.of(window(6, 40 + 10 * rnd.nextInt(2), 40), window(11, 50 + 10 * rnd.nextInt(2), 30),
                    window(17, 20 + 10 * rnd.nextInt(2), 40));
        };
    }

    private static DutyWindow window(int hour, int minute, int minutes) {
        LocalTime start = LocalTime.of(hour, 0).plusMinutes(minute);
        return new DutyWindow(start, start.plusMinutes(minutes));
    }

    // ------------------------------------------------------------------ key places

    List<KeyPlace> keyPlaces(SplittableRandom rnd) {
        int[] perCounty = byPopulation(KEY_PLACES);
        Set<String> used = new HashSet<>();
        List<KeyPlace> out = new ArrayList<>();
        KeyPlaceKind[] kinds = KeyPlaceKind.values();
        int[] kindWeights = {10, 8, 13, 20, 15, 20, 14};
        for (int ci = 0; ci < counties.size(); ci++) {
            GenArea county = counties.get(ci);
            List<GenArea> grids = gridsOfCounty.get(county.code);
            double[] weight = weights(county, 8);
            List<SchoolPost> schools = new ArrayList<>();
            for (SchoolPost p : posts) {
                if (p.countyCode().equals(county.code)) {
                    schools.add(p);
                }
            }
            for (int i = 0; i < perCounty[ci]; i++) {
                KeyPlaceKind kind = kinds[pick(toDoubles(kindWeights), rnd)];
                if (kind == KeyPlaceKind.SCHOOL_AREA && !schools.isEmpty()) {
                    SchoolPost school = schools.remove(rnd.nextInt(schools.size()));
                    List<KeyPeriod> periods = new ArrayList<>();
                    for (DutyWindow w : school.dutyWindows()) {
                        periods.add(new KeyPeriod(w.start().minusMinutes(10), w.end().plusMinutes(10)));
                    }
                    String name = Names.unique(used, () -> school.name() + "周边",
                            () -> school.name() + "周边" + numeral(next(school.name())) + "号点");
                    out.add(new KeyPlace(String.format("KP%03d", out.size() + 1), name, kind, school.gate(), periods,
                            30, school.gridCode(), county.code, true));
                    continue;
                }
                // No school left in this county for a school area: a square instead.
                KeyPlaceKind k = kind == KeyPlaceKind.SCHOOL_AREA ? KeyPlaceKind.SQUARE : kind;
                GenArea grid = grids.get(pick(weight, rnd));
                String name = Names.unique(used, placeName(k, county, grid, rnd),
                        () -> county.name + k.label() + numeral(next(county.code + k.id())) + "号");
                int interval = switch (k) {
                    case STATION, SCHOOL_AREA -> 30;
                    case BANK -> 120;
                    default -> 60;
                };
                out.add(new KeyPlace(String.format("KP%03d", out.size() + 1), name, k, pointIn(grid, rnd),
                        periods(k, rnd), interval, grid.code, county.code, true));
            }
        }
        return out;
    }

    private Supplier<String> placeName(KeyPlaceKind kind, GenArea county, GenArea grid, SplittableRandom rnd) {
        String c = county.name;
        String cs = shortName(c);
        String t = grid.parent.parent.name;
        String ts = shortName(t);
        String vs = shortName(grid.parent.name);
        String[] banks = {"中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "中国邮政储蓄银行", cs + "农商银行"};
        String[] roads = {"黄河", "渤海", "长江", "新立", "中海"};
        String[] directions = {"北", "南", "东", "西"};
        return () -> {
            int r = rnd.nextInt(100);
            return switch (kind) {
                case NIGHT_MARKET -> r < 40 ? Names.pick(rnd, roads) + numeral(1 + rnd.nextInt(20)) + "路夜市"
                        : r < 70 ? ts + "夜市" : vs + "美食夜市";
                case STATION -> r < 25 ? cs + "汽车站" : r < 55 ? cs + "汽车" + Names.pick(rnd, directions) + "站"
                        : r < 70 ? cs + "公交总站" : t + "客运站";
                case HOSPITAL -> r < 20 ? c + "人民医院" : r < 35 ? c + "中医医院" : r < 45 ? c + "妇幼保健院"
                        : r < 55 ? c + "第二人民医院" : r < 80 ? t + "卫生院" : ts + "社区卫生服务中心";
                case SQUARE, SCHOOL_AREA -> r < 40 ? vs + "广场" : r < 55 ? cs + "人民广场" : r < 80 ? ts + "文化广场"
                        : cs + "市民广场";
                case BANK -> Names.pick(rnd, banks) + cs + (r < 60 ? ts + "支行" : vs + "分理处");
                case MALL -> r < 35 ? vs + "购物中心" : r < 55 ? ts + "商厦" : r < 70 ? cs + "百货大楼"
                        : r < 85 ? vs + "商业街" : ts + "农贸市场";
            };
        };
    }

    private static List<KeyPeriod> periods(KeyPlaceKind kind, SplittableRandom rnd) {
        return switch (kind) {
            case NIGHT_MARKET -> List.of(period(18, 30 + 30 * rnd.nextInt(2), 240 + 30 * rnd.nextInt(2)));
            case STATION -> List.of(period(6, 30, 150), period(16, 30, 180));
            // The night period crosses midnight on purpose: 22:00–02:00.
            case HOSPITAL -> List.of(period(7, 30, 240), period(14, 0, 210), period(22, 0, 240));
            case SQUARE, SCHOOL_AREA -> List.of(period(18, 30 * rnd.nextInt(2), 210));
            case BANK -> List.of(period(8, 30, 540));
            case MALL -> List.of(period(18, 0, 240));
        };
    }

    private static KeyPeriod period(int hour, int minute, int minutes) {
        LocalTime start = LocalTime.of(hour, 0).plusMinutes(minute);
        return new KeyPeriod(start, start.plusMinutes(minutes));
    }

    // ------------------------------------------------------------------ units

    List<Unit> units(SplittableRandom rnd) {
        int[] perCounty = byPopulation(UNITS);
        List<Unit> out = new ArrayList<>();
        UnitKind[] kinds = UnitKind.values();
        for (int ci = 0; ci < counties.size(); ci++) {
            GenArea county = counties.get(ci);
            String cs = shortName(county.name);
            String police = county.name + (county.name.endsWith("区") ? "公安分局" : "公安局");
            int[] perKind = largestRemainder(UNIT_SHARES, perCounty[ci]);
            double[] townshipWeight = new double[county.children.size()];
            for (int i = 0; i < townshipWeight.length; i++) {
                townshipWeight[i] = county.children.get(i).population;
            }
            for (int k = 0; k < kinds.length; k++) {
                UnitKind kind = kinds[k];
                for (int n = 1; n <= perKind[k]; n++) {
                    GenArea township = county.children.get(pick(townshipWeight, rnd));
                    String ts = shortName(township.name);
                    String callWord = switch (kind) {
                        case POLICE_CAR -> "巡逻";
                        case FOOT_PATROL -> "步巡";
                        case SECURITY_GUARD -> "保安";
                        case GRID_WORKER -> "网格";
                        case POLICE_ASSISTANT -> "警助";
                    };
                    String agency = switch (kind) {
                        case POLICE_CAR -> police;
                        case FOOT_PATROL, POLICE_ASSISTANT -> police + ts + "派出所";
                        case SECURITY_GUARD -> "滨州市保安服务有限公司" + cs + "分公司";
                        case GRID_WORKER -> township.name + "综治中心";
                    };
                    out.add(new Unit(String.format("U%06d", out.size() + 1), cs + callWord + n + "号", kind, agency,
                            county.code, township.code, true));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    /** Grid weights of a county: households × (1 + k × urbanness). */
    private double[] weights(GenArea county, double k) {
        List<GenArea> grids = gridsOfCounty.get(county.code);
        double[] u = urbannessOfCounty.get(county.code);
        double[] w = new double[grids.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = grids.get(i).households * (1 + k * u[i]);
        }
        return w;
    }

    private int[] byPopulation(int total) {
        double[] pop = new double[counties.size()];
        for (int i = 0; i < pop.length; i++) {
            pop[i] = counties.get(i).population;
        }
        return largestRemainder(pop, total);
    }

    /** Integer shares of {@code total} proportional to the weights (largest remainder, ties to lower index). */
    static int[] largestRemainder(double[] weights, int total) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        int[] out = new int[weights.length];
        double[] frac = new double[weights.length];
        int used = 0;
        for (int i = 0; i < weights.length; i++) {
            double exact = total * weights[i] / sum;
            out[i] = (int) Math.floor(exact);
            frac[i] = exact - out[i];
            used += out[i];
        }
        while (used < total) {
            int best = 0;
            for (int i = 1; i < weights.length; i++) {
                if (frac[i] > frac[best]) {
                    best = i;
                }
            }
            out[best]++;
            frac[best] = -1;
            used++;
        }
        return out;
    }

    private static int pick(double[] weights, SplittableRandom rnd) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double r = rnd.nextDouble() * sum;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static double[] toDoubles(int[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private int next(String key) {
        return counters.merge(key, 1, Integer::sum);
    }

    /** A point strictly inside the grid, on the 1e-7° grid so that it is written exactly. */
    private static Point pointIn(GenArea grid, SplittableRandom rnd) {
        Envelope env = grid.polygon.getEnvelopeInternal();
        for (int attempt = 0; attempt < 10_000; attempt++) {
            Coordinate c = new Coordinate(env.getMinX() + rnd.nextDouble() * env.getWidth(),
                    env.getMinY() + rnd.nextDouble() * env.getHeight());
            Tiler.PRECISION.makePrecise(c);
            Point p = Geo.FACTORY.createPoint(c);
            if (grid.polygon.contains(p)) {
                return p;
            }
        }
        throw new IllegalStateException("no point found inside grid " + grid.code);
    }
}
