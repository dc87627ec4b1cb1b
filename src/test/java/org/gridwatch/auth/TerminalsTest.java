package org.gridwatch.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TerminalsTest {
    static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    @Test
    void aPhoneNumberMatchesWithOrWithoutItsLeadingZerosAndOtherIdsAsTyped() {
        assertThat(Terminals.normalised("013800138000")).isEqualTo("13800138000");
        assertThat(Terminals.normalised("00000000013800138000")).isEqualTo("13800138000");
        assertThat(Terminals.normalised(" 13800138000 ")).isEqualTo("13800138000");
        assertThat(Terminals.normalised("000000")).isEqualTo("0");
        assertThat(Terminals.normalised("0A12")).as("not all digits: as typed").isEqualTo("0A12");
    }

    @Test
    void theAuthenticationCodeIsStablePerKeyDiffersBetweenKeysAndTheDeviceKeyAlsoAuthenticates() {
        String secret = Secrets.newSecret(Secrets.DEVICE);
        DeviceKey d = new DeviceKey("dev-00000001", "CAR1", "013800000001", Secrets.sha256(secret), T0, null);
        DeviceKey e = new DeviceKey("dev-00000002", "CAR1", "013800000001", Secrets.sha256(Secrets.newSecret(Secrets.DEVICE)),
                T0, null);
        String code = Terminals.authCode(d);
        assertThat(code).matches("[0-9A-F]{16}").isEqualTo(Terminals.authCode(d)).isNotEqualTo(Terminals.authCode(e));
        assertThat(Terminals.accepts(d, code)).isTrue();
        assertThat(Terminals.accepts(e, code)).isFalse();
        assertThat(Terminals.accepts(d, secret)).as("the device key itself, provisioned by hand").isTrue();
        assertThat(Terminals.accepts(d, "0000000000000000")).isFalse();
        assertThat(Terminals.accepts(d, null)).isFalse();
        DeviceKey revoked = new DeviceKey(d.id(), d.unitId(), d.terminalId(), d.keyHash(), T0, T0.plusSeconds(1));
        assertThat(Terminals.accepts(revoked, code)).isFalse();
    }
}
