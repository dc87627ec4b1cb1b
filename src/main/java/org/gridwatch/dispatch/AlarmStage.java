package org.gridwatch.dispatch;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.gridwatch.alert.AlertKind;
import org.gridwatch.alert.AlertSeverity;
import org.gridwatch.alert.AlertSink;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.GridIndex;
import org.gridwatch.patrol.DeviceAlarm;
import org.gridwatch.patrol.MovingPointIndex;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.pipeline.Stage;

/**
 * Stage {@code alarms} of the {@code positions} stream: a safety alarm a unit's terminal sets
 * ({@link DeviceAlarm}, in the fix's {@link org.gridwatch.patrol.Telemetry}) raises an alert at its
 * onset: {@code sos} at {@code critical} for the emergency button, {@code device_alarm} for the
 * others ({@code critical} when {@link DeviceAlarm#urgent()}, else {@code warning}), at the fix's
 * place, in the grid it lies in (so the dispatchers of that place see it; the unit's home township
 * when outside every grid), naming the {@value #HELPERS} nearest available units with their distance
 * and straight-line ETA for help.
 *
 * <p>Onset, not every fix: terminals keep an alarm's flag set in every report until it is cleared,
 * so an alarm raises again only after a fix without it. The alarms set per unit are held here, on
 * the state thread; a restart forgets them, so an alarm still set raises once more after one.
 */
public final class AlarmStage implements Stage<UnitChange> {
    /** How many nearest available units an alert names for help. */
    static final int HELPERS = 3;
    /** How far the help is looked for, metres. */
    static final double HELP_RADIUS_METRES = 20_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final AlertSink alerts;
    private final MovingPointIndex<UnitRecord> units;
    private final GridIndex grids;
    private final ToDoubleFunction<UnitKind> speed;
    private final Predicate<String> onPostDuty;
    private final ZoneId zone;
    private final Map<String, Set<DeviceAlarm>> set = new HashMap<>();

    /**
     * @param units      the live unit index, for the nearest help
     * @param speed      straight-line travel speed per unit kind, m/s (the ETAs of {@code dispatch.eta-speed})
     * @param onPostDuty true for a unit on 护学岗 duty now (not offered as help)
     * @param zone       the city's time zone, for the fix time in the detail
     */
    public AlarmStage(AlertSink alerts, MovingPointIndex<UnitRecord> units, GridIndex grids,
                      ToDoubleFunction<UnitKind> speed, Predicate<String> onPostDuty, ZoneId zone) {
        this.alerts = alerts;
        this.units = units;
        this.grids = grids;
        this.speed = speed;
        this.onPostDuty = onPostDuty;
        this.zone = zone;
    }

    @Override
    public String name() {
        return "alarms";
    }

    @Override
    public void apply(List<? extends UnitChange> changes) {
        for (UnitChange c : changes) {
            UnitRecord u = c.after();
            Position p = u == null ? null : u.lastPosition();
            if (p == null || (c.before() != null && p == c.before().lastPosition())) {
                continue;   // not a new fix (a status change)
            }
            Set<DeviceAlarm> now = p.telemetry().alarms();
            Set<DeviceAlarm> was = set.getOrDefault(u.id(), Set.of());
            for (DeviceAlarm a : now) {
                if (!was.contains(a)) {
                    raise(u, p, a);
                }
            }
            if (now.isEmpty()) {
                set.remove(u.id());
            } else {
                set.put(u.id(), EnumSet.copyOf(now));
            }
        }
    }

    private void raise(UnitRecord u, Position p, DeviceAlarm a) {
        String who = u.unit().callSign();
        AdminArea grid = grids.locateGrid(p.lon(), p.lat());
        String where = grid != null ? grid.code() : u.unit().homeTownshipCode();
        StringBuilder detail = new StringBuilder().append(u.unit().kind().label()).append(' ').append(who)
                .append('（').append(u.unit().agency()).append('）').append(a.label()).append("，定位时间 ")
                .append(TIME.format(p.time().atZone(zone)));
        if (grid != null) {
            detail.append("，位于").append(grid.name());
        }
        List<MovingPointIndex.Hit<UnitRecord>> help = units.nearest(p.lon(), p.lat(), HELPERS, HELP_RADIUS_METRES,
                h -> !h.id().equals(u.id()) && h.status() == UnitStatus.AVAILABLE && !onPostDuty.test(h.id()));
        if (help.isEmpty()) {
            detail.append("。附近 ").append(Math.round(HELP_RADIUS_METRES / 1000)).append(" 公里内无可用警力");
        } else {
            detail.append("。最近可用：");
            for (int i = 0; i < help.size(); i++) {
                MovingPointIndex.Hit<UnitRecord> h = help.get(i);
                double eta = h.metres() / speed.applyAsDouble(h.entry().value().unit().kind());
                detail.append(i == 0 ? "" : "；").append(h.entry().value().unit().callSign()).append(' ')
                        .append(Math.round(h.metres())).append(" 米，约 ").append(Math.max(1, Math.round(eta / 60)))
                        .append(" 分钟");
            }
        }
        boolean sos = a == DeviceAlarm.SOS;
        alerts.raise(sos ? AlertKind.SOS.id() : AlertKind.DEVICE_ALARM.id(),
                a.urgent() ? AlertSeverity.CRITICAL.id() : AlertSeverity.WARNING.id(),
                who + (sos ? " 紧急求助" : " " + a.label()), detail.toString(), where, p.lon(), p.lat());
    }
}
