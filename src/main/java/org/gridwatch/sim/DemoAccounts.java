package org.gridwatch.sim;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.auth.Accounts;
import org.gridwatch.auth.AuthException;
import org.gridwatch.auth.Role;

/**
 * The demo's accounts: one per role over the whole city, a county dispatcher (滨城区) and a grid
 * worker of one community's grids, each with a new random password at every start (so a demo
 * store copied elsewhere holds no known password). Only {@code demo} makes them; {@code serve}
 * makes no account. Blocking (Argon2id); start-up only.
 */
public final class DemoAccounts {
    /** The county of the county dispatcher: 滨城区. */
    public static final String COUNTY = "371602";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One demo account and its password of this start. */
    public record Login(String login, String password, String role, String jurisdiction) {
        @Override
        public String toString() {
            return "Login[" + login + "]";
        }
    }

    private record Spec(String login, String name, Role role, List<AdminArea> jurisdiction) {
    }

    private DemoAccounts() {
    }

    /** Makes (or resets) the demo accounts; returns them with their passwords, for printing. */
    public static List<Login> ensure(Accounts accounts, AreaHierarchy areas) {
        AdminArea city = areas.city();
        AdminArea county = areas.find(COUNTY).orElse(areas.level(AdminLevel.COUNTY).get(0));
        List<AdminArea> grids = firstVillageGrids(areas, county);
        List<Spec> specs = List.of(
                new Spec("screen", "大屏（演示）", Role.SCREEN, List.of(city)),
                new Spec("dispatcher", "调度员（演示）", Role.DISPATCHER, List.of(city)),
                new Spec("bincheng", county.name() + "调度员（演示）", Role.DISPATCHER, List.of(county)),
                new Spec("leader", "值班领导（演示）", Role.SUPERVISOR, List.of(city)),
                new Spec("analyst", "研判员（演示）", Role.ANALYST, List.of(city)),
                new Spec("grid", "网格员（演示）", Role.GRID_WORKER, grids),
                new Spec("gateway", "定位接入（演示）", Role.GATEWAY, List.of(city)),
                new Spec("sysadmin", "系统管理员（演示）", Role.SYSADMIN, List.of(city)),
                new Spec("secadmin", "安全管理员（演示）", Role.SECADMIN, List.of(city)),
                new Spec("auditor", "审计员（演示）", Role.AUDITOR, List.of(city)));
        List<Login> out = new ArrayList<>();
        for (Spec s : specs) {
            String pw = password();
            List<String> codes = s.jurisdiction().stream().map(AdminArea::code).toList();
            try {
                accounts.addUser(s.login(), s.name(), "", Set.of(s.role()), codes, pw.toCharArray());
            } catch (AuthException e) {
                // There from an earlier demo: new password, the demo's grants, unlocked.
                accounts.setPassword(s.login(), pw.toCharArray());
                accounts.grant(null, s.login(), Set.of(s.role()), codes);
                accounts.update(s.login(), s.name(), null, false, true);
            }
            String where = s.jurisdiction().size() == 1 ? s.jurisdiction().get(0).name()
                    : s.jurisdiction().get(0).name() + " 等 " + s.jurisdiction().size() + " 个网格";
            out.add(new Login(s.login(), pw, s.role().label(), where));
        }
        return out;
    }

    private static List<AdminArea> firstVillageGrids(AreaHierarchy areas, AdminArea county) {
        for (AdminArea township : areas.children(county.code())) {
            for (AdminArea village : areas.children(township.code())) {
                List<AdminArea> grids = areas.children(village.code());
                if (!grids.isEmpty()) {
                    return grids;
                }
            }
        }
        return List.of(county);
    }

    /** 15 characters: "Gw-" and 12 random letters and digits (upper, lower and other: the policy's classes). */
    static String password() {
        StringBuilder b = new StringBuilder("Gw-");
        for (int i = 0; i < 12; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
