package org.gridwatch.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Severity;
import org.gridwatch.patrol.UnitKind;
import org.junit.jupiter.api.Test;

class DispatchPolicyTest {
    private final DispatchPolicy policy = DispatchPolicy.defaults();

    @Test
    void policeLeadGraveCriminalAndPublicOrderCallsAndGuardsOnlySupport() {
        for (Category c : List.of(Category.CRIMINAL, Category.PUBLIC_ORDER)) {
            for (Severity s : List.of(Severity.I, Severity.II, Severity.III)) {
                DispatchPolicy.Rule r = policy.ruleFor(c, s);
                assertThat(r.lead()).containsExactly(UnitKind.POLICE_CAR, UnitKind.FOOT_PATROL);
                assertThat(r.role(UnitKind.SECURITY_GUARD)).isEqualTo(DispatchPolicy.Role.SUPPORT);
                assertThat(r.role(UnitKind.GRID_WORKER)).isEqualTo(DispatchPolicy.Role.SUPPORT);
                assertThat(r.role(UnitKind.POLICE_CAR)).isEqualTo(DispatchPolicy.Role.LEAD);
            }
        }
        assertThat(policy.ruleFor(Category.CRIMINAL, Severity.IV).lead()).contains(UnitKind.POLICE_ASSISTANT)
                .doesNotContain(UnitKind.SECURITY_GUARD, UnitKind.GRID_WORKER);
    }

    @Test
    void disputesGoToTheGridWorkerOrPoliceAssistantFirst() {
        DispatchPolicy.Rule r = policy.ruleFor(Category.DISPUTE, Severity.II);
        assertThat(r.lead()).containsExactly(UnitKind.GRID_WORKER, UnitKind.POLICE_ASSISTANT);
        assertThat(r.role(UnitKind.POLICE_CAR)).isEqualTo(DispatchPolicy.Role.SUPPORT);
        assertThat(r.role(UnitKind.SECURITY_GUARD)).isNull(); // not offered
        assertThat(r.offered()).containsExactly(UnitKind.GRID_WORKER, UnitKind.POLICE_ASSISTANT, UnitKind.FOOT_PATROL,
                UnitKind.POLICE_CAR);
    }

    @Test
    void theShippedFileIsTheBuiltInPolicy() throws Exception {
        String text = java.nio.file.Files.readString(java.nio.file.Path.of("config/dispatch-policy.json"));
        assertThat(DispatchPolicy.fromJson(new io.vertx.core.json.JsonObject(text))).isEqualTo(DispatchPolicy.defaults());
    }

    @Test
    void aBadPolicyIsRefusedNamingTheRuleAndTheField() {
        String any = "{\"categories\":[\"criminal\",\"public_order\",\"fraud\",\"dispute\",\"traffic\",\"fire_safety\","
                + "\"environment\",\"stability\",\"cult\",\"other\"],\"atLeast\":4,\"lead\":[\"police_car\"]}";
        assertThat(DispatchPolicy.fromJson(new io.vertx.core.json.JsonObject("{\"rules\":[" + any + "]}")).rules())
                .singleElement().satisfies(r -> {
                    assertThat(r.support()).isEmpty();
                    assertThat(r.leadUnits()).isEqualTo(1);
                });
        java.util.Map<String, String> bad = java.util.Map.of(
                "{\"rules\":[" + any + ",{\"categories\":[\"fraud\"],\"atLeast\":0,\"lead\":[\"police_car\"]}]}", "rules[1]: atLeast",
                "{\"rules\":[{\"categories\":[\"aliens\"],\"atLeast\":4,\"lead\":[\"police_car\"]}]}", "rules[0]: categories: unknown category 'aliens'",
                "{\"rules\":[" + any.replace("police_car", "tank") + "]}", "rules[0]: lead: unknown unit kind 'tank'",
                "{\"rules\":[" + any.replace("\"atLeast\"", "\"speed\":3,\"atLeast\"") + "]}", "rules[0]: unknown fields [speed]",
                "{\"rules\":[]}", "rules:",
                "{\"rules\":[{\"categories\":[\"fraud\"],\"atLeast\":4,\"lead\":[\"police_car\"]}]}", "no rule for public_order");
        bad.forEach((json, message) -> assertThatThrownBy(() -> DispatchPolicy.fromJson(new io.vertx.core.json.JsonObject(json)))
                .as(json).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message));
    }

    @Test
    void everyCategoryAndGradeHasARule() {
        for (Category c : Category.values()) {
            for (Severity s : Severity.values()) {
                assertThat(policy.ruleFor(c, s).covers(c, s)).isTrue();
            }
        }
    }

    @Test
    void theFirstCoveringRuleWinsAndAPolicyMustCoverEveryCategory() {
        DispatchPolicy.Rule grave = new DispatchPolicy.Rule(Set.of(Category.FRAUD), Severity.II, List.of(UnitKind.POLICE_CAR),
                List.of(), 2, 0);
        DispatchPolicy.Rule any = new DispatchPolicy.Rule(EnumSet.allOf(Category.class), Severity.IV,
                List.of(UnitKind.GRID_WORKER), List.of(UnitKind.POLICE_CAR), 1, 1);
        DispatchPolicy p = new DispatchPolicy(List.of(grave, any));
        assertThat(p.ruleFor(Category.FRAUD, Severity.I)).isEqualTo(grave);
        assertThat(p.ruleFor(Category.FRAUD, Severity.III)).isEqualTo(any);
        assertThatThrownBy(() -> new DispatchPolicy(List.of(grave))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no rule for");
        assertThatThrownBy(() -> new DispatchPolicy.Rule(Set.of(Category.FRAUD), Severity.IV, List.of(UnitKind.POLICE_CAR),
                List.of(UnitKind.POLICE_CAR), 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
