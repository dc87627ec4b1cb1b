package org.gridwatch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.audit.AuditAction;
import org.gridwatch.audit.AuditChain;
import org.gridwatch.audit.AuditEvent;
import org.gridwatch.audit.AuditQuery;
import org.gridwatch.auth.Accounts;
import org.gridwatch.auth.ApiKey;
import org.gridwatch.auth.DeviceKey;
import org.gridwatch.auth.PasswordHasher;
import org.gridwatch.auth.PasswordPolicy;
import org.gridwatch.auth.Role;
import org.gridwatch.auth.UserAccount;
import org.gridwatch.config.ConfigException;
import org.gridwatch.config.ConfigLoader;
import org.gridwatch.config.GridWatchConfig;
import org.gridwatch.error.GridWatchException;
import org.gridwatch.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The account commands: {@code user}, {@code device}, {@code apikey} and {@code audit}. Each works on
 * the configured store directly, with the server stopped or running (a running server reads
 * accounts from the store at every login, and device and API keys within a minute), and records
 * what it did in the audit trail as the operating-system user running it. Secrets are printed
 * once, alone on standard output (so {@code KEY=$(gridwatch device add ...)} works); everything
 * else goes to standard error.
 *
 * <p>Exit status: 0 done, 1 refused (the message names the field) or the store failed, 2 bad
 * configuration or arguments.
 */
final class AccountCommands {
    private static final Logger LOG = LoggerFactory.getLogger(AccountCommands.class);

    private AccountCommands() {
    }

    /** The store, the city's areas and the account rules of one command. */
    private record Context(GridWatchConfig config, Store store, Accounts accounts) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
        }

        void audit(AuditAction action, String route, String target, int outcome, String detail) {
            String os = System.getProperty("user.name", "");
            store.appendAudit(List.of(new AuditEvent(Instant.now(), "cli", os, "命令行 " + os, "local", "", action, route,
                    target, outcome, detail)));
        }
    }

    private static Context open(Main.ConfigOption option, boolean mayCreate) {
        GridWatchConfig config = ConfigLoader.load(option.file, System.getenv(), LOG::warn);
        if (Main.storeMissing(config.store())) {
            if (!mayCreate) {
                throw new org.gridwatch.error.StoreException("no store at " + config.store().path() + " (store.path); "
                        + "nothing to change or list there");
            }
            LOG.info("no store at {}: creating a new one", config.store().path());
        }
        Store store = GridWatch.openStore(config.store());
        try {
            AreaHierarchy areas = AreaHierarchy.of(StartupData.storedAreas(store, config));
            Set<String> units = StartupData.storedUnitIds(store, config);
            GridWatchConfig.Auth a = config.auth();
            Accounts accounts = new Accounts(store, areas, units::contains,
                    new PasswordPolicy(a.passwordMinLength(), a.passwordMinClasses()),
                    new PasswordHasher(a.argon2MemoryKib(), a.argon2Iterations()), a.maxFailures(), a.lockout(),
                    Clock.systemUTC());
            return new Context(config, store, accounts);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Runs {@code body} on an opened context, mapping failures to exit statuses and audit records. */
    private static int run(Main.ConfigOption option, String route, Body body) {
        Context c;
        try {
            // The commands that add the first credentials of a new installation may create the store.
            c = open(option, route.endsWith(" add"));
        } catch (ConfigException e) {
            LOG.error("{}", e.getMessage());
            return 2;
        } catch (GridWatchException e) {
            LOG.error("{}", e.getMessage());
            return 1;
        }
        try (c) {
            try {
                return body.run(c);
            } catch (GridWatchException e) {
                LOG.error("{} refused: {}", route, e.getMessage());
                try {
                    c.audit(AuditAction.ACCOUNT, route, "", 400, "refused: " + e.getMessage());
                } catch (RuntimeException ignored) {
                    // The store failed too: the first error is the one to report.
                }
                return 1;
            }
        } catch (IOException e) {
            LOG.error("{} failed: {}", route, e.getMessage());
            return 1;
        }
    }

    @FunctionalInterface
    private interface Body {
        int run(Context c) throws IOException;
    }

    static List<String> split(String list) {
        return list == null ? List.of() : Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static Set<Role> roles(String list) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        for (String id : split(list)) {
            out.add(Role.parse(id).orElseThrow(() -> org.gridwatch.auth.AuthException.invalid("role",
                    "unknown role '" + id + "'; roles: " + Role.ids())));
        }
        return out;
    }

    private static PrintStream err() {
        return System.err;
    }

    // ---------------------------------------------------------------- user

    @Command(name = "user", mixinStandardHelpOptions = true, description = "Manage user accounts.",
            subcommands = {UserAdd.class, UserList.class, UserPassword.class, UserGrant.class, UserSet.class})
    static final class User implements Callable<Integer> {
        @Override
        public Integer call() {
            new CommandLine(this).usage(err());
            return 2;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Add a user account. The password is read from standard input (--password-stdin).",
                    "Roles: screen, dispatcher, analyst, grid_worker, gateway, sysadmin, secadmin, auditor; 三员分立: "
                            + "sysadmin, secadmin and auditor are each held alone.",
                    "Example: echo \"$PW\" | gridwatch user add zhangsan --role dispatcher --jurisdiction 371602 "
                            + "--name 张三 --password-stdin"})
    static final class UserAdd implements Callable<Integer> {
        @CommandLine.Mixin
        Main.ConfigOption config = new Main.ConfigOption();

        @Parameters(index = "0", paramLabel = "LOGIN", description = "login name (lower case)")
        String login;

        @Option(names = "--role", required = true, paramLabel = "ROLE[,ROLE]", description = "roles")
        String role;

        @Option(names = "--jurisdiction", required = true, paramLabel = "CODE[,CODE]",
                description = "admin area or grid codes the user sees and acts in")
        String jurisdiction;

        @Option(names = "--name", paramLabel = "NAME", description = "display name (default: the login)")
        String name;

        @Option(names = "--staff-no", paramLabel = "NO", description = "police or staff number (警号/工号)")
        String staffNo;

        @Option(names = "--password-stdin", required = true, description = "read the password from standard input")
        boolean passwordStdin;

        @Override
        public Integer call() {
            return run(config, "gridwatch user add", c -> {
                char[] pw = readPassword();
                try {
                    UserAccount u = c.accounts().addUser(login, name, staffNo, roles(role), split(jurisdiction), pw);
                    c.audit(AuditAction.ACCOUNT, "gridwatch user add", "user " + u.login(), 201,
                            "roles " + u.roles().stream().map(Role::id).toList() + ", jurisdiction " + u.jurisdiction());
                    err().println("user " + u.login() + " (" + u.displayName() + ") added: roles "
                            + u.roles().stream().map(Role::id).toList() + ", jurisdiction " + u.jurisdiction());
                    return 0;
                } finally {
                    Arrays.fill(pw, '\0');
                }
            });
        }
    }

    /** One line of standard input, without its line end. */
    static char[] readPassword() throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null || line.isEmpty()) {
            throw org.gridwatch.auth.AuthException.invalid("password", "no password on standard input");
        }
        return line.toCharArray();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List user accounts.")
    static final class UserList implements Callable<Integer> {
        @CommandLine.Mixin
        Main.ConfigOption config = new Main.ConfigOption();

        @Override
        public Integer call() {
            return run(config, "gridwatch user list", c -> {
                Instant now = Instant.now();
                for (UserAccount u : c.accounts().users()) {
                    System.out.println(u.login() + "\t" + u.displayName() + "\t" + String.join(",",
                            u.roles().stream().map(Role::id).toList()) + "\t" + String.join(",", u.jurisdiction())
                            + "\t" + (u.disabled() ? "disabled" : u.lockedAt(now) ? "locked" : "active"));
                }
                return 0;
            });
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = "Set a user's password (read from standard input); lifts a lock-out.")
    static final class UserPassword implements Callable<Integer> {
        @CommandLine.Mixin
        Main.ConfigOption config = new Main.ConfigOption();

        @Parameters(index = "0", paramLabel = "LOGIN")
        String login;

        @Option(names = "--password-stdin", required = true, description = "read the password from standard input")
        boolean passwordStdin;

        @Override
        public Integer call() {
            return run(config, "gridwatch user passwd", c -> {
                char[] pw = readPassword();
                try {
                    c.accounts().setPassword(login, pw);
                    c.audit(AuditAction.ACCOUNT, "gridwatch user passwd", "user " + login, 200, "password set");
                    err().println("password of " + login + " set");
                    return 0;
                } finally {
                    Arrays.fill(pw, '\0');
                }
            });
        }
    }

    @Command(name = "grant", mixinStandardHelpOptions = true, description = "Set a user's roles and jurisdiction.")
    static final class UserGrant implements Callable<Integer> {
        @CommandLine.Mixin
        Main.ConfigOption config = new Main.ConfigOption();

        @Parameters(index = "0", paramLabel = "LOGIN")
        String login;

        @Option(names = "--role", required = true, paramLabel = "ROLE[,ROLE]")
        String role;

        @Option(names = "--jurisdiction", required = true, paramLabel = "CODE[,CODE]")
        String jurisdiction;

        @Override
        public Integer call() {
            return run(config, "gridwatch user grant", c -> {
                UserAccount u = c.accounts().grant(null, login, roles(role), split(jurisdiction));
                c.audit(AuditAction.ACCOUNT, "gridwatch user grant", "user " + login, 200,
                        "roles " + u.roles().stream().map(Role::id).toList() + ", jurisdiction " + u.jurisdiction());
                err().println("user " + login + ": roles " + u.roles().stream().map(Role::id).toList() + ", jurisdiction "
                        + u.jurisdiction());
                return 0;
            });
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Disable, enable or unlock a user account.")
    static final class UserSet implements Callable<Integer> {
        @CommandLine.Mixin
        Main.ConfigOption config = new Main.ConfigOption();

        @Parameters(index = "0", paramLabel = "LOGIN")
        String login;

        @Option(names = "--disabled", paramLabel = "true|false", description = "disable or enable the account")
        Boolean disabled;

        @Option(names = "--unlock", description = "lift a lock-out")
        boolean unlock;

        @Option(names = "--name", paramLabel = "NAME", description = "new display name")
        String name;

        @Override
        public Integer call() {
            return run(config, "gridwatch user set", c -> {
                UserAccount u = c.accounts().update(login, name, null, disabled, unlock);
                c.audit(AuditAction.ACCOUNT, "gridwatch user set", "user " + login, 200,
                        (u.disabled() ? "disabled" : "enabled") + (unlock ? ", unlocked" : ""));
                err().println("user " + login + ": " + (u.disabled() ? "disabled" : "enabled"));
                return 0;
            });
        }
    }

    // ---------------------------------------------------------------- device

    @Command(name = "device", mixinStandardHelpOptions = true, description = "Manage unit terminals' device keys.",
            subcommands = {DeviceAdd.class, DeviceList.class, DeviceRevoke.class})
    static final class Device implements Callable<Integer> {
        @Override
        public Integer call() {
            new CommandLine(this).usage(err());
            return 2;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Register a unit's terminal and print its device key (once; only its hash is stored).",
                    "The terminal sends it as 'Authorization: Bearer KEY', or in the URL: /osmand/KEY (Traccar Client,"
                            + " OsmAnd). A JT/T 808 terminal with --terminal PHONE_NUMBER registers on the JT/T 808 port"
                            + " (devices.jt808.port) and is answered its authentication code, printed here too for"
                            + " terminals provisioned by hand."})
    static final class DeviceAdd implements Callable<Integer> {
        @CommandLine.Mixin
        Main.ConfigOption config = new Main.ConfigOption();

        @Option(names = "--unit", required = true, paramLabel = "UNIT_ID", description = "the unit it reports for")
        String unit;

        @Option(names = "--terminal", paramLabel = "TERMINAL_ID",
                description = "the terminal's own id (JT/T 808 phone number, Traccar device identifier)")
        String terminal;

        @Option(names = "--crs", paramLabel = "CRS", defaultValue = "wgs84",
                description = "the coordinate system the terminal reports in: wgs84 (default), gcj02 or bd09")
        String crs;

        @Override
        public Integer call() {
            org.gridwatch.geo.Crs system = org.gridwatch.geo.Crs.parse(crs).orElse(null);
            if (system == null) {
                err().println("--crs: unknown coordinate system '" + crs + "'; use wgs84, gcj02 or bd09");
                return 2;
            }
            return run(config, "gridwatch device add", c -> {
                Accounts.Issued<DeviceKey> d = c.accounts().addDevice(unit, terminal, system);
                c.audit(AuditAction.ACCOUNT, "gridwatch device add", "device " + d.credential().id() + ", unit " + unit,
                        201, terminal == null ? "" : "terminal " + terminal + ", " + system.id());
                if (terminal != null) {
                    err().println("JT/T 808 authentication code of terminal " + terminal + ": "
                            + org.gridwatch.auth.Terminals.authCode(d.credential()));
                }
                err().println("device " + d.credential().id() + " reports for unit " + unit
                        + (terminal == null ? "" : " (terminal " + terminal + ")") + "; its key (shown once):");
                System.out.println(d.secret());
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List device keys (never the keys themselves).")
    static final class DeviceList implements Callable<Integer> {
        @CommandLine.Mixin
        Main.ConfigOption config = new Main.ConfigOption();

        @Override
        public Integer call() {
            return run(config, "gridwatch device list", c -> {
                for (DeviceKey d : c.store().devices()) {
                    System.out.println(d.id() + "\t" + d.unitId() + "\t" + (d.terminalId() == null ? "" : d.terminalId())
                            + "\t" + d.createdAt() + "\t" + (d.valid() ? "valid" : "revoked " + d.revokedAt()));
                }
                return 0;
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a device key.")
    static final class DeviceRevoke implements Callable<Integer> {
        @CommandLine.Mixin
        Main.ConfigOption config = new Main.ConfigOption();

        @Parameters(index = "0", paramLabel = "DEVICE_ID")
        String id;

        @Override
        public Integer call() {
            return run(config, "gridwatch device revoke", c -> {
                c.accounts().revokeDevice(id);
                c.audit(AuditAction.ACCOUNT, "gridwatch device revoke", "device " + id, 200, "revoked");
                err().println("device " + id + " revoked");
                return 0;
            });
        }
    }

    // ---------------------------------------------------------------- apikey

    @Command(name = "apikey", mixinStandardHelpOptions = true, description = "Manage integrations' API keys.",
            subcommands = {ApiKeyAdd.class, ApiKeyList.class, ApiKeyRevoke.class})
    static final class ApiKeys implements Callable<Integer> {
        @Override
        public Integer call() {
            new CommandLine(this).usage(err());
            return 2;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Issue an API key and print it (once; only its hash is stored). Sent as 'Authorization: Bearer KEY'.")
    static final class ApiKeyAdd implements Callable<Integer> {
        @CommandLine.Mixin
        Main.ConfigOption config = new Main.ConfigOption();

        @Parameters(index = "0", paramLabel = "NAME", description = "what the key is for, e.g. 12345热线")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE[,ROLE]")
        String role;

        @Option(names = "--jurisdiction", required = true, paramLabel = "CODE[,CODE]")
        String jurisdiction;

        @Override
        public Integer call() {
            return run(config, "gridwatch apikey add", c -> {
                Accounts.Issued<ApiKey> k = c.accounts().addApiKey(null, name, roles(role), split(jurisdiction));
                c.audit(AuditAction.ACCOUNT, "gridwatch apikey add", "api key " + k.credential().id(), 201,
                        name + ": roles " + k.credential().roles().stream().map(Role::id).toList() + ", jurisdiction "
                                + k.credential().jurisdiction());
                err().println("API key " + k.credential().id() + " (" + name + ") issued; the key (shown once):");
                System.out.println(k.secret());
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List API keys (never the keys themselves).")
    static final class ApiKeyList implements Callable<Integer> {
        @CommandLine.Mixin
        Main.ConfigOption config = new Main.ConfigOption();

        @Override
        public Integer call() {
            return run(config, "gridwatch apikey list", c -> {
                for (ApiKey k : c.store().apiKeys()) {
                    System.out.println(k.id() + "\t" + k.name() + "\t" + String.join(",", k.roles().stream()
                            .map(Role::id).toList()) + "\t" + String.join(",", k.jurisdiction()) + "\t"
                            + (k.valid() ? "valid" : "revoked " + k.revokedAt()));
                }
                return 0;
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an API key.")
    static final class ApiKeyRevoke implements Callable<Integer> {
        @CommandLine.Mixin
        Main.ConfigOption config = new Main.ConfigOption();

        @Parameters(index = "0", paramLabel = "KEY_ID")
        String id;

        @Override
        public Integer call() {
            return run(config, "gridwatch apikey revoke", c -> {
                c.accounts().revokeApiKey(id);
                c.audit(AuditAction.ACCOUNT, "gridwatch apikey revoke", "api key " + id, 200, "revoked");
                err().println("API key " + id + " revoked");
                return 0;
            });
        }
    }

    // ---------------------------------------------------------------- audit

    @Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit trail.",
            subcommands = {AuditVerify.class})
    static final class Audit implements Callable<Integer> {
        @Override
        public Integer call() {
            new CommandLine(this).usage(err());
            return 2;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check the audit trail's hash chain from its first record to its last.",
                    "Exit status 0: intact; 1: broken (the first broken record is named) or the store failed."})
    static final class AuditVerify implements Callable<Integer> {
        @CommandLine.Mixin
        Main.ConfigOption config = new Main.ConfigOption();

        @Override
        public Integer call() {
            GridWatchConfig cfg;
            try {
                cfg = ConfigLoader.load(config.file, System.getenv(), LOG::warn);
            } catch (ConfigException e) {
                LOG.error("{}", e.getMessage());
                return 2;
            }
            if (Main.storeMissing(cfg.store())) {
                LOG.error("no store at {} (store.path): no audit trail to verify", cfg.store().path());
                return 1;
            }
            try (Store store = GridWatch.openStore(cfg.store())) {
                AuditChain.Verifier v = new AuditChain.Verifier();
                try {
                    store.forEachAudit(AuditQuery.all(), r -> {
                        if (!v.accept(r)) {
                            throw new StopWalk();
                        }
                    });
                } catch (StopWalk done) {
                    // v holds the reason
                }
                var broken = v.result();
                if (broken.isPresent()) {
                    System.out.println("audit trail BROKEN at " + broken.get() + "; " + v.checked()
                            + " records before it are intact");
                    return 1;
                }
                System.out.println("audit trail intact: " + v.checked() + " records"
                        + v.first().map(f -> ", seq " + f.seq() + " (" + f.event().at() + ")").orElse("")
                        + v.last().map(l -> " to " + l.seq() + " (" + l.event().at() + ")").orElse(""));
                return 0;
            } catch (GridWatchException e) {
                LOG.error("audit verify failed: {}", e.getMessage());
                return 1;
            }
        }
    }

    /** Ends a walk of the trail at the first broken record. */
    private static final class StopWalk extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopWalk() {
            super(null, null, false, false);
        }
    }
}
