package org.gridwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.gridwatch.auth.Role;
import org.gridwatch.auth.Secrets;
import org.gridwatch.auth.UserAccount;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.store.geopackage.GeoPackageStore;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The account commands on a GeoPackage store holding the WKT fixture city: the forms the issue
 * fixes ({@code user add ... --password-stdin}, {@code device add --unit}, {@code apikey add}),
 * their audit records, and {@code audit verify} on an intact and on a tampered trail.
 */
class AccountCommandsTest {
    @TempDir
    Path dir;
    Path store;
    Path config;

    @BeforeEach
    void city() throws Exception {
        store = dir.resolve("gw.gpkg");
        config = Files.writeString(dir.resolve("gw.yaml"), "store:\n  path: \"" + store + "\"\n"
                + "auth:\n  password:\n    argon2-memory-kib: 1024\n    argon2-iterations: 1\n");
        try (GeoPackageStore s = GeoPackageStore.open(store, false)) {
            s.replaceAreas(WktCity.areas());
            s.upsertUnits(List.of(new UnitRecord(new Unit("CAR1", "滨城巡逻1号", UnitKind.POLICE_CAR, "公安", "371602",
                    "371602001", true), UnitStatus.AVAILABLE, null)));
        }
    }

    /** Exit status, standard output. */
    record Run(int status, String out) {
    }

    Run gridwatch(String stdin, String... args) {
        InputStream in = System.in;
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int status = new CommandLine(new Main()).execute(args);
            return new Run(status, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(in);
            System.setOut(out);
        }
    }

    @Test
    void theAccountCommandsWorkOnTheConfiguredStoreAndLeaveAnIntactTrail() throws Exception {
        assertThat(gridwatch("Hu4-xue!gang\n", "user", "add", "zhangsan", "--role", "dispatcher,analyst",
                "--jurisdiction", "371602", "--name", "张三", "--password-stdin", "--config", config.toString()).status())
                .isZero();
        assertThat(gridwatch("Hu4-xue!gang\n", "user", "add", "sys", "--role", "sysadmin,auditor", "--jurisdiction",
                "371600", "--password-stdin", "--config", config.toString()).status()).as("三员分立").isEqualTo(1);
        assertThat(gridwatch("short\n", "user", "add", "lisi", "--role", "screen", "--jurisdiction", "371600",
                "--password-stdin", "--config", config.toString()).status()).as("the password policy").isEqualTo(1);
        Run device = gridwatch("", "device", "add", "--unit", "CAR1", "--terminal", "013800000001", "--config",
                config.toString());
        assertThat(device.status()).isZero();
        String deviceKey = device.out().strip();
        assertThat(Secrets.looksLike(deviceKey, Secrets.DEVICE)).as(deviceKey).isTrue();
        assertThat(gridwatch("", "device", "add", "--unit", "GHOST", "--config", config.toString()).status()).isEqualTo(1);
        assertThat(gridwatch("", "device", "add", "--unit", "CAR1", "--terminal", "013800000002", "--crs", "gcj02",
                "--config", config.toString()).status()).isZero();
        assertThat(gridwatch("", "device", "add", "--unit", "CAR1", "--crs", "mars", "--config", config.toString())
                .status()).as("an unknown coordinate system").isEqualTo(2);
        Run key = gridwatch("", "apikey", "add", "12345热线", "--role", "dispatcher", "--jurisdiction", "371603",
                "--config", config.toString());
        assertThat(key.status()).isZero();
        assertThat(Secrets.looksLike(key.out().strip(), Secrets.API_KEY)).isTrue();
        Run users = gridwatch("", "user", "list", "--config", config.toString());
        assertThat(users.out()).contains("zhangsan\t张三\tdispatcher,analyst\t371602\tactive").doesNotContain("argon2");

        try (GeoPackageStore s = GeoPackageStore.open(store, false)) {
            UserAccount u = s.user("zhangsan").orElseThrow();
            assertThat(u.roles()).containsExactlyInAnyOrder(Role.DISPATCHER, Role.ANALYST);
            assertThat(s.user("sys")).isEmpty();
            assertThat(s.deviceByHash(Secrets.sha256(deviceKey)).orElseThrow().unitId()).isEqualTo("CAR1");
            assertThat(s.devices()).filteredOn(d -> "013800000002".equals(d.terminalId())).singleElement()
                    .extracting(d -> d.crs()).isEqualTo(org.gridwatch.geo.Crs.GCJ02);
            assertThat(s.apiKeyByHash(Secrets.sha256(key.out().strip()))).isPresent();
            List<org.gridwatch.audit.AuditRecord> trail = new java.util.ArrayList<>();
            s.forEachAudit(org.gridwatch.audit.AuditQuery.all(), trail::add);
            // Every command that changed or refused to change an account left a record; none holds a secret.
            assertThat(trail).extracting(r -> r.event().route()).containsExactly("gridwatch user add", "gridwatch user add",
                    "gridwatch user add", "gridwatch device add", "gridwatch device add", "gridwatch device add",
                    "gridwatch apikey add");
            assertThat(trail).allSatisfy(r -> assertThat(r.event().detail()).doesNotContain("Hu4-xue!gang")
                    .doesNotContain(deviceKey));
        }
        Run ok = gridwatch("", "audit", "verify", "--config", config.toString());
        assertThat(ok.status()).isZero();
        assertThat(ok.out()).contains("intact: 7 records");
    }

    @Test
    void auditVerifyNamesTheFirstRecordSomeoneChanged() throws Exception {
        for (String login : new String[] {"a1", "a2", "a3"}) {
            assertThat(gridwatch("Hu4-xue!gang\n", "user", "add", login, "--role", "screen", "--jurisdiction", "371600",
                    "--password-stdin", "--config", config.toString()).status()).isZero();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store); Statement st = c.createStatement()) {
            // The trail refuses updates...
            Assertions.assertThatThrownBy(() -> st.executeUpdate("UPDATE audit_log SET detail = 'x' WHERE seq = 2"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            // ...so an intruder with the file drops the trigger first.
            st.execute("DROP TRIGGER audit_log_append_only");
            st.executeUpdate("UPDATE audit_log SET actor_id = 'someone-else' WHERE seq = 2");
        }
        Run broken = gridwatch("", "audit", "verify", "--config", config.toString());
        assertThat(broken.status()).isEqualTo(1);
        assertThat(broken.out()).contains("BROKEN at record 2:").contains("1 records before it are intact");
    }
}
