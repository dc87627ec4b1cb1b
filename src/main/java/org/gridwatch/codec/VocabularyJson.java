package org.gridwatch.codec;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.gridwatch.alert.AlertKind;
import org.gridwatch.alert.AlertSeverity;
import org.gridwatch.analysis.CoverageState;
import org.gridwatch.analysis.HeatIndex;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.incident.CaseAction;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.HandlingLevel;
import org.gridwatch.incident.Severity;
import org.gridwatch.incident.Source;
import org.gridwatch.incident.Status;
import org.gridwatch.patrol.DeviceAlarm;
import org.gridwatch.patrol.RejectReason;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.post.DutyState;
import org.gridwatch.post.KeyPlaceKind;
import org.gridwatch.post.SchoolKind;
import org.gridwatch.vocab.Term;

/**
 * The domain vocabulary as one JSON document, so that clients (the big screen, the dispatcher
 * console) take identifiers, Chinese labels and the incident workflow from the server instead of
 * keeping copies: each list holds {@code {"id", "label"}} in declaration order; incident statuses
 * also have {@code next} (the statuses they may change to) and {@code terminal}; case actions
 * (what a step of a case did) and handling levels (村/镇/县, for 流转); severities (Ⅰ–Ⅳ,
 * Ⅰ the most serious) have {@code level} (the number the API carries), {@code roman}, {@code name}
 * and {@code colour}. Immutable once
 * built; thread-safe.
 */
public final class VocabularyJson {
    private static final String DOCUMENT = build().encode();

    private VocabularyJson() {
    }

    /** The encoded document (the same string on every call). */
    public static String encoded() {
        return DOCUMENT;
    }

    /** The document. */
    public static JsonObject build() {
        JsonArray statuses = new JsonArray();
        for (Status s : Status.values()) {
            JsonArray next = new JsonArray();
            s.next().stream().sorted().forEach(n -> next.add(n.id()));
            statuses.add(term(s).put("next", next).put("terminal", s.isTerminal()));
        }
        JsonArray levels = new JsonArray();
        for (AdminLevel l : AdminLevel.values()) {
            levels.add(new JsonObject().put("id", l.id()).put("label", l.label()));
        }
        JsonArray severities = new JsonArray();
        for (Severity s : Severity.values()) {
            severities.add(term(s).put("level", s.level()).put("roman", s.roman()).put("name", s.gradeName())
                    .put("colour", s.colour()));
        }
        return new JsonObject()
                .put("categories", terms(Category.values(), VocabularyJson::term))
                .put("severities", severities)
                .put("sources", terms(Source.values(), VocabularyJson::term))
                .put("statuses", statuses)
                .put("caseActions", terms(CaseAction.values(), VocabularyJson::term))
                .put("handlingLevels", terms(HandlingLevel.values(), VocabularyJson::term))
                .put("unitKinds", terms(UnitKind.values(), VocabularyJson::term))
                .put("unitStatuses", terms(UnitStatus.values(), VocabularyJson::term))
                .put("dutyStates", terms(DutyState.values(), VocabularyJson::term))
                .put("schoolKinds", terms(SchoolKind.values(), VocabularyJson::term))
                .put("keyPlaceKinds", terms(KeyPlaceKind.values(), VocabularyJson::term))
                .put("alertKinds", terms(AlertKind.values(), VocabularyJson::term))
                .put("deviceAlarms", terms(DeviceAlarm.values(), a -> term(a).put("urgent", a.urgent())))
                .put("alertSeverities", terms(AlertSeverity.values(), VocabularyJson::term))
                .put("heatWindows", terms(HeatIndex.Window.values(), VocabularyJson::term))
                .put("coverageStates", terms(CoverageState.values(), VocabularyJson::term))
                .put("rejectReasons", terms(RejectReason.values(), VocabularyJson::term))
                .put("adminLevels", levels);
    }

    private static JsonObject term(Term t) {
        return new JsonObject().put("id", t.id()).put("label", t.label());
    }

    private static <T> JsonArray terms(T[] values, Function<T, JsonObject> json) {
        JsonArray a = new JsonArray();
        for (T v : values) {
            a.add(json.apply(v));
        }
        return a;
    }
}
