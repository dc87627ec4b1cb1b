package org.gridwatch.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Roles, their permissions and 三员分立. */
class RoleTest {
    @Test
    void administratorRolesAreHeldAlone() {
        for (Role admin : Role.ADMINISTRATORS) {
            Role.checkSeparation(Set.of(admin));
            for (Role other : Role.values()) {
                if (other != admin) {
                    assertThatThrownBy(() -> Role.checkSeparation(EnumSet.of(admin, other)))
                            .as("%s with %s", admin, other).isInstanceOf(AuthException.class)
                            .hasMessageContaining("三员分立");
                }
            }
        }
        Role.checkSeparation(List.of(Role.DISPATCHER, Role.ANALYST, Role.SCREEN));
        assertThatThrownBy(() -> Role.checkSeparation(List.of())).isInstanceOf(AuthException.class);
    }

    @Test
    void administratorsSeeNoCaseDataAndTheAuditorOnlyTheTrail() {
        for (Role admin : Role.ADMINISTRATORS) {
            assertThat(admin.permissions()).doesNotContain(Permission.READ, Permission.LIVE, Permission.HISTORY,
                    Permission.DISPATCH, Permission.HANDLE, Permission.REPORT);
        }
        assertThat(Role.AUDITOR.permissions()).containsExactlyInAnyOrder(Permission.SELF, Permission.AUDIT);
        assertThat(Role.SCREEN.permissions()).doesNotContain(Permission.DISPATCH, Permission.HANDLE, Permission.REPORT,
                Permission.UNITS, Permission.ALERTS, Permission.POSITIONS, Permission.HISTORY);
        // Exactly one role may audit, one grant, one manage users.
        assertThat(EnumSet.allOf(Role.class).stream().filter(r -> r.permissions().contains(Permission.AUDIT)))
                .containsExactly(Role.AUDITOR);
        assertThat(EnumSet.allOf(Role.class).stream().filter(r -> r.permissions().contains(Permission.GRANTS)))
                .containsExactly(Role.SECADMIN);
        assertThat(EnumSet.allOf(Role.class).stream().filter(r -> r.permissions().contains(Permission.USERS)))
                .containsExactly(Role.SYSADMIN);
    }

    @Test
    void idsParseBack() {
        for (Role r : Role.values()) {
            assertThat(Role.parse(" " + r.id().toUpperCase() + " ")).contains(r);
        }
        assertThat(Role.parse("root")).isEmpty();
    }
}
