package org.gridwatch.casework;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.gridwatch.alert.AlertKind;
import org.gridwatch.alert.AlertSeverity;
import org.gridwatch.alert.AlertSink;
import org.gridwatch.area.Scope;
import org.gridwatch.incident.Actor;
import org.gridwatch.incident.CaseAction;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentChange;
import org.gridwatch.incident.IncidentQuery;
import org.gridwatch.incident.IncidentService;
import org.gridwatch.incident.IncidentService.Step;
import org.gridwatch.incident.Severity;
import org.gridwatch.incident.Transition;
import org.gridwatch.pipeline.Lane;
import org.gridwatch.pipeline.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage {@code overdue} of the {@code incidents} stream and its tick: each step of a case (受理,
 * 到场, 处置, 结案, and a 督办's deadline) that passes its time limit ({@link TimeLimits}) unmet is
 * recorded in the case's history once ({@link CaseAction#OVERDUE} naming the step, by
 * {@code system}: a write, so it survives restarts and reaches the console and the big screen as
 * an incident change), and that change, coming down the stream, raises an {@code overdue} alert
 * (critical for Ⅰ/Ⅱ级 and for 督办, a warning otherwise).
 *
 * <p>Deadlines wait in a queue ordered by time, filled on report and 督办 and at start-up from the
 * open cases, so a tick costs O(due steps · log n), not a scan of the cases; an entry is checked
 * against the case when it falls due (met, ended or recorded already: dropped). At most
 * {@link #MAX_PER_TICK} steps are recorded per tick (a server started after a long pause catches
 * up over a few ticks). Confined to the state lane (checked).
 */
public final class OverdueMonitor implements Stage<IncidentChange> {
    private static final Logger LOG = LoggerFactory.getLogger(OverdueMonitor.class);
    /** Steps recorded overdue per tick, at most. */
    static final int MAX_PER_TICK = 500;
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("M月d日 HH:mm");

    private record Due(Instant at, long incidentId, CaseStep step) {
    }

    private final Lane state;
    private final TimeLimits limits;
    private final WorkingDays calendar;
    private final IncidentService incidents;
    private final AlertSink alerts;
    private final Scope city;
    private final DateTimeFormatter local;
    private final PriorityQueue<Due> queue = new PriorityQueue<>(
            Comparator.comparing(Due::at).thenComparingLong(Due::incidentId).thenComparing(Due::step));
    /** "id:step" of the steps being recorded now (the write not yet back down the stream). */
    private final Set<String> recording = new HashSet<>();

    /**
     * @param city the whole-city scope (the system records steps anywhere)
     */
    public OverdueMonitor(Lane state, TimeLimits limits, WorkingDays calendar, IncidentService incidents,
                          AlertSink alerts, Scope city) {
        this.state = state;
        this.limits = limits;
        this.calendar = calendar;
        this.incidents = incidents;
        this.alerts = alerts;
        this.city = city;
        this.local = HHMM.withZone(limits.zone());
    }

    @Override
    public String name() {
        return "overdue";
    }

    /** Start-up, after the incidents are loaded (before the lanes run): queues the deadlines of the open cases. */
    public void load() {
        incidents.index().forEach(IncidentQuery.all(city, 0), i -> {
            if (!i.status().isTerminal()) {
                schedule(i);
            }
        });
    }

    /** Deadlines waiting (tests, metrics). State lane. */
    public int waiting() {
        state.checkCurrent();
        return queue.size();
    }

    @Override
    public void apply(List<? extends IncidentChange> changes) {
        state.checkCurrent();
        for (IncidentChange c : changes) {
            Incident i = c.after();
            if (c.isReport()) {
                schedule(i);
                continue;
            }
            Transition t = c.transition();
            if (t.action() == CaseAction.SUPERVISE && t.due() != null) {
                queue.add(new Due(t.due(), i.id(), CaseStep.SUPERVISION));
            } else if (t.action() == CaseAction.OVERDUE) {
                recording.remove(i.id() + ":" + t.target());
                CaseStep.parse(t.target()).ifPresent(step -> raise(i, step, t.note()));
            }
        }
    }

    private void schedule(Incident i) {
        for (Map.Entry<CaseStep, Instant> d : limits.deadlines(i, calendar).entrySet()) {
            if (d.getKey().metAt(i).isEmpty() && !d.getKey().recordedOverdue(i)) {
                queue.add(new Due(d.getValue(), i.id(), d.getKey()));
            }
        }
    }

    /** Records the steps due by {@code now} that are still unmet. State lane (the monitors' tick). */
    public void tick(Instant now) {
        state.checkCurrent();
        int recorded = 0;
        while (recorded < MAX_PER_TICK && !queue.isEmpty() && !queue.peek().at().isAfter(now)) {
            Due d = queue.poll();
            Incident i = incidents.index().get(d.incidentId()).orElse(null);
            if (i == null || !stillDue(i, d)) {
                continue;
            }
            String key = i.id() + ":" + d.step().id();
            if (!recording.add(key)) {
                continue;
            }
            recorded++;
            incidents.record(city, i.id(), new Step(null, CaseAction.OVERDUE, note(i, d), null, null, d.step().id(), null),
                    Actor.system("system")).whenComplete((x, e) -> {
                        if (e != null) {
                            state.execute(() -> recording.remove(key));
                            LOG.info("incident {}: {} overdue not recorded: {}", d.incidentId(), d.step().id(),
                                    e.getMessage());
                        }
                    });
        }
    }

    /** True when the step of {@code d} is still open on {@code i}: not ended, not met, not recorded, the deadline current. */
    private boolean stillDue(Incident i, Due d) {
        if (i.status().isTerminal() || d.step().metAt(i).isPresent() || d.step().recordedOverdue(i)) {
            return false;
        }
        // A later 督办 may have moved the deadline: only the current one counts.
        return d.step() != CaseStep.SUPERVISION
                || i.supervision().map(s -> d.at().equals(s.due())).orElse(false);
    }

    private String note(Incident i, Due d) {
        return d.step().label() + "超时（" + (d.step() == CaseStep.SUPERVISION ? "督办期限 "
                : "时限 " + limits.ruleFor(i).limits().get(d.step()).label() + "，截止 ") + local.format(d.at()) + "）";
    }

    private void raise(Incident i, CaseStep step, String note) {
        boolean grave = step == CaseStep.SUPERVISION || i.grade().atLeast(Severity.II);
        alerts.raise(AlertKind.OVERDUE.id(), (grave ? AlertSeverity.CRITICAL : AlertSeverity.WARNING).id(),
                "#" + i.id() + " " + step.label() + "超时：" + i.title(), note, i.gridCode(), i.lon(), i.lat());
    }
}
