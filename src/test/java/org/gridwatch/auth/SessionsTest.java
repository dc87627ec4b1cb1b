package org.gridwatch.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gridwatch.area.Scope;
import org.gridwatch.testsupport.MutableClock;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.Test;

/** Sessions on a clock the test moves: access 15 min, idle 30 min, at most 12 h. */
class SessionsTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
    final Sessions sessions = new Sessions(clock, Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(12), 100);
    final Principal zhang = new Principal(Principal.Kind.USER, "zhangsan", "张三", Set.of(Role.DISPATCHER),
            new Scope(WktCity.hierarchy().city()), null, null);

    @Test
    void aBearerTokenLapsesAndRefreshRenewsBothTokens() {
        Sessions.Issued i = sessions.open(zhang, false);
        assertThat(i.expiresIn()).isEqualTo(900);
        Sessions.Session s = sessions.byAccessToken(i.accessToken()).orElseThrow();
        assertThat(s.principal().credential()).isEqualTo(s.id());
        assertThat(sessions.end(s)).isEmpty();
        clock.advance(Duration.ofMinutes(16));
        assertThat(sessions.end(s)).contains(Sessions.End.EXPIRED);
        Sessions.Issued renewed = sessions.refresh(i.refreshToken()).orElseThrow();
        assertThat(renewed.accessToken()).isNotEqualTo(i.accessToken());
        assertThat(sessions.byAccessToken(i.accessToken())).as("the old access token is gone").isEmpty();
        assertThat(sessions.refresh(i.refreshToken())).as("a refresh token works once").isEmpty();
        assertThat(sessions.end(sessions.byAccessToken(renewed.accessToken()).orElseThrow())).isEmpty();
    }

    @Test
    void aPageSessionSlidesUntilIdleAndEndsAtItsMaximumAge() {
        Sessions.Issued i = sessions.open(zhang, true);
        assertThat(i.refreshToken()).isNull();
        Sessions.Session s = sessions.byAccessToken(i.accessToken()).orElseThrow();
        assertThat(s.csrfMatches(i.csrfToken())).isTrue();
        assertThat(s.csrfMatches("forged")).isFalse();
        for (int k = 0; k < 14; k++) {         // 14 × 50 min = 11 h 40 min, never idle 30 min
            clock.advance(Duration.ofMinutes(25));
            assertThat(sessions.byAccessToken(i.accessToken())).isPresent();
            clock.advance(Duration.ofMinutes(25));
            assertThat(sessions.end(sessions.byAccessToken(i.accessToken()).orElseThrow())).isEmpty();
        }
        clock.advance(Duration.ofMinutes(21));   // 12 h 01 min after login
        assertThat(sessions.end(s)).contains(Sessions.End.EXPIRED);

        Sessions.Issued j = sessions.open(zhang, true);
        clock.advance(Duration.ofMinutes(31));
        Sessions.Session idle = sessions.byAccessToken(j.accessToken()).orElseThrow();
        assertThat(sessions.end(idle)).contains(Sessions.End.IDLE);
        sessions.sweep();
        assertThat(sessions.byAccessToken(j.accessToken())).isEmpty();
    }

    @Test
    void logoutAndAnAdministratorRevoke() {
        Sessions.Issued a = sessions.open(zhang, true);
        Sessions.Issued b = sessions.open(zhang, false);
        Sessions.Session sa = sessions.byAccessToken(a.accessToken()).orElseThrow();
        sessions.revoke(sa);
        assertThat(sessions.end(sa)).contains(Sessions.End.REVOKED);
        assertThat(sessions.byAccessToken(a.accessToken())).isEmpty();
        Sessions.Session sb = sessions.byAccessToken(b.accessToken()).orElseThrow();
        assertThat(sessions.revokeAll(Principal.Kind.USER, "zhangsan")).isEqualTo(1);
        assertThat(sessions.end(sb)).contains(Sessions.End.REVOKED);
        assertThat(sessions.refresh(b.refreshToken())).isEmpty();
    }

    @Test
    void aPrincipalHoldsAtMostTenSessions() {
        List<Sessions.Issued> all = new ArrayList<>();
        for (int k = 0; k < Sessions.MAX_PER_PRINCIPAL + 2; k++) {
            all.add(sessions.open(zhang, false));
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(sessions.size()).isEqualTo(Sessions.MAX_PER_PRINCIPAL);
        assertThat(sessions.byAccessToken(all.get(0).accessToken())).as("the least recently used ended").isEmpty();
        assertThat(sessions.byAccessToken(all.get(all.size() - 1).accessToken())).isPresent();
    }

    @Test
    void aLiveTicketWorksOnceAndBriefly() {
        Sessions.Session s = sessions.byAccessToken(sessions.open(zhang, true).accessToken()).orElseThrow();
        String t = sessions.ticket(s);
        assertThat(sessions.redeemTicket(t)).contains(s);
        assertThat(sessions.redeemTicket(t)).isEmpty();
        String late = sessions.ticket(s);
        clock.advance(Duration.ofSeconds(31));
        assertThat(sessions.redeemTicket(late)).isEmpty();
        assertThat(sessions.redeemTicket("gwt_forged")).isEmpty();
    }
}
