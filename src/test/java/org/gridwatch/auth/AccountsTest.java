package org.gridwatch.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.gridwatch.area.Scope;
import org.gridwatch.error.FailureKind;
import org.gridwatch.store.geopackage.GeoPackageStore;
import org.gridwatch.testsupport.MutableClock;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.gridwatch.geo.Crs;
import org.junit.jupiter.api.io.TempDir;

/** The account rules over a real store and the WKT fixture city (甲区 371602, 乙区 371603). */
class AccountsTest {
    static final char[] PW = "Hu4-xue!gang".toCharArray();

    @TempDir
    Path dir;
    GeoPackageStore store;
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
    Accounts accounts;

    @BeforeEach
    void open() {
        store = GeoPackageStore.open(dir.resolve("a.gpkg"), false);
        accounts = new Accounts(store, WktCity.hierarchy(), Set.of("CAR1", "CAR2")::contains, new PasswordPolicy(10, 3),
                new PasswordHasher(1024, 1), 3, Duration.ofMinutes(15), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static FailureKind kind(Throwable t) {
        return ((AuthException) t).kind();
    }

    @Test
    void anAccountIsCheckedBeforeItIsStored() {
        UserAccount u = accounts.addUser("zhangsan", "张三", "037121", Set.of(Role.DISPATCHER), List.of("371602"), PW);
        assertThat(store.user("zhangsan")).contains(u);
        assertThat(u.passwordHash()).startsWith("$argon2id$").doesNotContain(new String(PW));
        assertThatThrownBy(() -> accounts.addUser("zhangsan", "", "", Set.of(Role.SCREEN), List.of("371600"), PW))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(FailureKind.CONFLICT));
        assertThatThrownBy(() -> accounts.addUser("Zhang San", "", "", Set.of(Role.SCREEN), List.of("371600"), PW))
                .hasMessageContaining("login");
        assertThatThrownBy(() -> accounts.addUser("lisi", "", "", Set.of(Role.SYSADMIN, Role.DISPATCHER),
                List.of("371600"), PW)).hasMessageContaining("三员分立");
        assertThatThrownBy(() -> accounts.addUser("lisi", "", "", Set.of(Role.SCREEN), List.of("379999"), PW))
                .hasMessageContaining("379999").extracting(e -> ((AuthException) e).field()).isEqualTo("jurisdiction");
        assertThatThrownBy(() -> accounts.addUser("lisi", "", "", Set.of(Role.SCREEN), List.of("371600"),
                "short".toCharArray())).extracting(e -> ((AuthException) e).field()).isEqualTo("password");
        assertThat(store.users()).extracting(UserAccount::login).containsExactly("zhangsan");
        // Jurisdictions are kept canonical: a grid inside a listed county adds nothing.
        UserAccount w = accounts.addUser("wangwu", null, null, Set.of(Role.GRID_WORKER),
                List.of("371602001001001", "371602", "371603001001002"), PW);
        assertThat(w.jurisdiction()).containsExactly("371602", "371603001001002");
        assertThat(w.displayName()).isEqualTo("wangwu");
    }

    @Test
    void repeatedFailuresLockTheAccountUntilTheLockOutEnds() {
        accounts.addUser("zhangsan", "张三", "", Set.of(Role.DISPATCHER), List.of("371602"), PW);
        assertThat(accounts.login("zhangsan", "wrong".toCharArray()).outcome()).isEqualTo(Accounts.Outcome.WRONG_PASSWORD);
        assertThat(accounts.login("zhangsan", "wrong".toCharArray()).outcome()).isEqualTo(Accounts.Outcome.WRONG_PASSWORD);
        assertThat(accounts.login("zhangsan", "wrong".toCharArray()).outcome()).isEqualTo(Accounts.Outcome.LOCKED_NOW);
        assertThat(accounts.login("zhangsan", PW).outcome()).as("locked: even the right password").isEqualTo(Accounts.Outcome.LOCKED);
        clock.advance(Duration.ofMinutes(16));
        Accounts.Login ok = accounts.login("zhangsan", PW);
        assertThat(ok.outcome()).isEqualTo(Accounts.Outcome.OK);
        assertThat(store.user("zhangsan").orElseThrow().failedLogins()).isZero();
        assertThat(store.user("zhangsan").orElseThrow().lastLoginAt()).isEqualTo(clock.instant());
        assertThat(accounts.login("nobody", PW).outcome()).isEqualTo(Accounts.Outcome.UNKNOWN);
        accounts.update("zhangsan", null, null, true, false);
        assertThat(accounts.login("zhangsan", PW).outcome()).isEqualTo(Accounts.Outcome.DISABLED);
        Principal p = accounts.principal(ok.account(), "ses-1");
        assertThat(p.jurisdiction()).isEqualTo(new Scope(WktCity.hierarchy().find("371602").orElseThrow()));
        assertThat(p.can(Permission.DISPATCH)).isTrue();
        assertThat(p.can(Permission.AUDIT)).isFalse();
    }

    @Test
    void aSecurityAdministratorGrantsOperationalRolesInsideTheirJurisdictionOnly() {
        accounts.addUser("zhangsan", "张三", "", Set.of(Role.SCREEN), List.of("371602"), PW);
        accounts.addUser("sec", "安全员", "", Set.of(Role.SECADMIN), List.of("371602"), PW);
        Principal sec = accounts.principal(store.user("sec").orElseThrow(), "ses-2");
        UserAccount granted = accounts.grant(sec, "zhangsan", Set.of(Role.DISPATCHER), List.of("371602001"));
        assertThat(granted.roles()).containsExactly(Role.DISPATCHER);
        assertThat(store.user("zhangsan").orElseThrow().jurisdiction()).containsExactly("371602001");
        assertThatThrownBy(() -> accounts.grant(sec, "zhangsan", Set.of(Role.DISPATCHER), List.of("371603")))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(FailureKind.FORBIDDEN)).hasMessageContaining("371603");
        assertThatThrownBy(() -> accounts.grant(sec, "zhangsan", Set.of(Role.AUDITOR), List.of("371602")))
                .hasMessageContaining("command line");
        assertThatThrownBy(() -> accounts.grant(sec, "sec", Set.of(Role.DISPATCHER), List.of("371602")))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(FailureKind.FORBIDDEN));
        // The command line (by = null) may grant anything that keeps 三员分立.
        assertThat(accounts.grant(null, "zhangsan", Set.of(Role.AUDITOR), List.of("371600")).roles())
                .containsExactly(Role.AUDITOR);
    }

    @Test
    void devicesAreBoundToUnitsOfTheRosterAndKeysHoldNoAdministratorRole() {
        Accounts.Issued<DeviceKey> d = accounts.addDevice("CAR1", "013800000001");
        assertThat(Secrets.looksLike(d.secret(), Secrets.DEVICE)).isTrue();
        assertThat(store.deviceByHash(Secrets.sha256(d.secret()))).contains(d.credential());
        assertThat(d.toString()).doesNotContain(d.secret());
        assertThatThrownBy(() -> accounts.addDevice("GHOST", null)).hasMessageContaining("GHOST");
        assertThatThrownBy(() -> accounts.addDevice("CAR2", "013800000001")).hasMessageContaining("013800000001");
        Principal dev = accounts.principal(d.credential());
        assertThat(dev.permissions()).containsExactlyInAnyOrder(Permission.PUBLIC, Permission.POSITIONS);
        assertThat(dev.unitId()).isEqualTo("CAR1");
        accounts.revokeDevice(d.credential().id());
        assertThat(store.deviceByHash(Secrets.sha256(d.secret())).orElseThrow().valid()).isFalse();
        assertThatThrownBy(() -> accounts.revokeDevice("dev-00000000")).satisfies(e -> assertThat(kind(e))
                .isEqualTo(FailureKind.NOT_FOUND));

        Accounts.Issued<ApiKey> k = accounts.addApiKey(null, "12345热线", Set.of(Role.GATEWAY), List.of("371603"));
        assertThat(accounts.principal(k.credential()).can(Permission.POSITIONS)).isTrue();
        assertThatThrownBy(() -> accounts.addApiKey(null, "x", Set.of(Role.SYSADMIN), List.of("371600")))
                .hasMessageContaining("administrator");
    }

    @Test
    void aUnitsTerminalIsBoundReboundAndUnboundAndATerminalBelongsToOneUnit() {
        Terminals terminals = new Terminals(store);
        DeviceKey first = accounts.bindTerminal("CAR1", "013800000001", Crs.WGS84).orElseThrow();
        assertThat(accounts.bindTerminal("CAR1", "13800000001", Crs.WGS84)).as("the same terminal: nothing changes")
                .contains(first);
        assertThatThrownBy(() -> accounts.bindTerminal("CAR2", "0013800000001", Crs.WGS84))
                .as("leading zeros do not make another terminal").satisfies(e -> {
                    assertThat(kind(e)).isEqualTo(FailureKind.CONFLICT);
                    assertThat(((AuthException) e).field()).isEqualTo("terminalId");
                }).hasMessageContaining("CAR1");
        assertThatThrownBy(() -> accounts.addDevice("CAR2", "13800000001")).hasMessageContaining("CAR1");
        Accounts.Issued<DeviceKey> http = accounts.addDevice("CAR1", null);   // an HTTP-only key stays
        DeviceKey gcj = accounts.bindTerminal("CAR1", "013800000001", Crs.GCJ02).orElseThrow();
        assertThat(gcj.id()).as("a new CRS is a new binding").isNotEqualTo(first.id());
        terminals.refresh();
        assertThat(terminals.byTerminal("13800000001")).contains(gcj);
        assertThat(terminals.ofUnit("CAR1")).contains(gcj);
        DeviceKey other = accounts.bindTerminal("CAR1", "013900000002", Crs.WGS84).orElseThrow();
        assertThat(accounts.bindTerminal("CAR1", null, Crs.WGS84)).isEmpty();
        terminals.refresh();
        assertThat(terminals.byTerminal("13800000001")).isEmpty();
        assertThat(terminals.byTerminal("013900000002")).isEmpty();
        assertThat(terminals.ofUnit("CAR1")).isEmpty();
        assertThat(store.devices()).filteredOn(DeviceKey::valid).extracting(DeviceKey::id)
                .containsExactly(http.credential().id());
        assertThat(store.devices()).extracting(DeviceKey::id).contains(first.id(), gcj.id(), other.id());
        assertThatThrownBy(() -> accounts.bindTerminal("GHOST", "1", Crs.WGS84)).hasMessageContaining("GHOST");
    }
}
