package org.gridwatch.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The units' terminals by their own ids (JT/T 808 phone numbers, Traccar device ids): the valid
 * device keys that name a terminal, read from the store by {@link #refresh} and looked up
 * lock-free from any thread (a device gateway's event loop). Thread-safe.
 *
 * <p>A JT/T 808 terminal authenticates with the code its registration was answered with. That code
 * is derived from the terminal's device key ({@link #authCode}: an HMAC keyed with the key's stored
 * hash, which never leaves the server), so it needs no store write, survives restarts, is the same
 * when a terminal registers again and changes when the terminal is bound anew. A terminal may also
 * be given its device key itself as its authentication code (provisioned by hand, for platforms
 * whose registration is closed).
 */
public final class Terminals {
    /** Characters of an authentication code. */
    static final int CODE_LENGTH = 16;

    private final AuthStore store;
    private volatile Map<String, DeviceKey> byTerminal = Map.of();
    private volatile Map<String, DeviceKey> byUnit = Map.of();

    public Terminals(AuthStore store) {
        this.store = store;
    }

    /**
     * A terminal id as matched: trimmed, and for an all-digit id (a phone number in BCD, sent with
     * leading zeros: {@code 013800138000} in a 2013 header, 20 digits in a 2019 one) without its
     * leading zeros, so the number a person types matches the one the terminal sends.
     */
    public static String normalised(String terminalId) {
        String t = terminalId.strip();
        if (t.isEmpty() || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return t;
        }
        int i = 0;
        while (i < t.length() - 1 && t.charAt(i) == '0') {
            i++;
        }
        return t.substring(i);
    }

    /** Reads the valid terminal-bound device keys from the store. Blocking: a worker or start-up. */
    public void refresh() {
        List<DeviceKey> all = store.devices();
        Map<String, DeviceKey> terminals = new HashMap<>();
        Map<String, DeviceKey> units = new HashMap<>();
        for (DeviceKey d : all) {
            if (d.valid() && d.terminalId() != null) {
                terminals.put(normalised(d.terminalId()), d);
                units.merge(d.unitId(), d, (a, b) -> a.createdAt().isAfter(b.createdAt()) ? a : b);
            }
        }
        byTerminal = Map.copyOf(terminals);
        byUnit = Map.copyOf(units);
    }

    /** The valid device key bound to this terminal id (matched {@link #normalised}), as of the last refresh. */
    public Optional<DeviceKey> byTerminal(String terminalId) {
        return terminalId == null ? Optional.empty() : Optional.ofNullable(byTerminal.get(normalised(terminalId)));
    }

    /** The terminal the unit is bound to (its newest valid key naming one), as of the last refresh. */
    public Optional<DeviceKey> ofUnit(String unitId) {
        return Optional.ofNullable(byUnit.get(unitId));
    }

    /** The JT/T 808 authentication code of this terminal's key: 16 hex digits, upper case. */
    public static String authCode(DeviceKey d) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(d.keyHash().getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            byte[] h = mac.doFinal(("gridwatch jt808 authentication " + d.id()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(h, 0, CODE_LENGTH / 2);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    /** True when {@code code} authenticates the terminal of {@code d}: its {@link #authCode}, or its device key. */
    public static boolean accepts(DeviceKey d, String code) {
        if (code == null || !d.valid()) {
            return false;
        }
        return Secrets.constantTimeEquals(authCode(d), code.strip())
                || Secrets.constantTimeEquals(d.keyHash(), Secrets.sha256(code.strip()));
    }
}
