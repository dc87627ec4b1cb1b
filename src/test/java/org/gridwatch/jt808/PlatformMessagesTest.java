package org.gridwatch.jt808;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridwatch.jt808.HandBuiltFrames.LOCATION_2013;
import static org.gridwatch.jt808.HandBuiltFrames.REGISTRATION_2019;
import static org.gridwatch.jt808.HandBuiltFrames.message;
import static org.gridwatch.jt808.HandBuiltFrames.wire;

import org.junit.jupiter.api.Test;

/** {@link PlatformMessages}: the answers, byte by byte, and read back as a simulator reads them. */
class PlatformMessagesTest {

    @Test
    void aGeneralResponseAnswersInTheTerminalsOwnForm() {
        byte[] frame = PlatformMessages.generalResponse(message(LOCATION_2013).header(), 5, Result.SUCCESS);
        assertThat(frame).isEqualTo(wire(
                "7e", // delimiter
                "8001", // message id 0x8001 platform general response
                "0005", // attributes: body length 5, 2013 header
                "013912344329", // the terminal's phone
                "0005", // platform serial 5
                "0007", // reply serial: the report's serial 7
                "0200", // reply id: 0x0200
                "00", // result 0 success
                "f0", // check code: XOR of header and body
                "7e")); // delimiter
        Message m = message(frame);
        assertThat(GeneralResponse.decode(m)).isEqualTo(new GeneralResponse(7, 0x0200, Result.SUCCESS));
    }

    @Test
    void aRegistrationResponseToA2019TerminalIs2019() {
        Header registration = message(REGISTRATION_2019).header();
        byte[] frame = PlatformMessages.registrationResponse(registration, 1, RegistrationResult.SUCCESS, "GW-7a");
        assertThat(frame).isEqualTo(wire(
                "7e", // delimiter
                "8100", // message id 0x8100 registration response
                "4008", // attributes: version flag, body length 8
                "01", // protocol version 1, as the terminal's
                "00000000013912344329", // the terminal's phone
                "0001", // platform serial 1
                "0000", // reply serial: the registration's serial 0
                "00", // result 0 success
                "47572d3761", // authentication code "GW-7a"
                "d6", // check code: XOR of header and body
                "7e")); // delimiter
        assertThat(RegistrationResponse.decode(message(frame))).isEqualTo(new RegistrationResponse(0, 0, "GW-7a"));
    }

    @Test
    void aFailedRegistrationCarriesNoCode() {
        Header registration = message(REGISTRATION_2019).header();
        Message m = message(PlatformMessages.registrationResponse(registration, 2, RegistrationResult.NO_SUCH_TERMINAL, "ignored"));
        assertThat(m.body()).containsExactly(0, 0, 4);
        assertThat(RegistrationResponse.decode(m)).isEqualTo(new RegistrationResponse(0, 4, null));
    }

    @Test
    void aSuccessWithoutACodeIsRefused() {
        Header registration = message(REGISTRATION_2019).header();
        assertThatThrownBy(() -> PlatformMessages.registrationResponse(registration, 2, RegistrationResult.SUCCESS, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTerminalsGeneralResponseHasTheSameBody() {
        Header form = Header.of2013(0, "13912344329", 9);
        Message m = message(TerminalFrames.generalResponse(form, new GeneralResponse(3, 0x8103, Result.NOT_SUPPORTED)));
        assertThat(m.header().messageId()).isEqualTo(MessageIds.TERMINAL_GENERAL_RESPONSE);
        assertThat(GeneralResponse.decode(m)).isEqualTo(new GeneralResponse(3, 0x8103, 3));
        assertThatThrownBy(() -> RegistrationResponse.decode(m)).isInstanceOf(Jt808Exception.class);
    }

    @Test
    void heartbeatAndLogoutHaveEmptyBodies() {
        Header form = Header.of2019(0, 1, "13912344329", 4);
        assertThat(message(TerminalFrames.heartbeat(form)).header())
                .isEqualTo(new Header(MessageIds.HEARTBEAT, true, 1, "00000000013912344329", 4, false, 0, 0, 0));
        assertThat(message(TerminalFrames.logout(form)).header().messageId()).isEqualTo(MessageIds.LOGOUT);
    }

    @Test
    void messageNamesAreBounded() {
        assertThat(MessageIds.name(0x0200)).isEqualTo("location");
        assertThat(MessageIds.name(0x0704)).isEqualTo("location_batch");
        assertThat(MessageIds.name(0x0900)).isEqualTo("other");
        assertThat(MessageIds.name(0x1234)).isEqualTo("other");
    }
}
