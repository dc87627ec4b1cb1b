package org.gridwatch.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Argon2id hashes (PHC strings) and the password policy. */
class PasswordTest {
    /** A low cost keeps the test fast; the format and the check are the same at any cost. */
    final PasswordHasher hasher = new PasswordHasher(1024, 1);

    @Test
    void aHashVerifiesItsPasswordOnly() {
        String h = hasher.hash("Hu4-xue!gang".toCharArray());
        assertThat(h).matches("\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(hasher.verify("Hu4-xue!gang".toCharArray(), h)).isTrue();
        assertThat(hasher.verify("Hu4-xue!ganG".toCharArray(), h)).isFalse();
        assertThat(hasher.hash("Hu4-xue!gang".toCharArray())).as("a fresh salt each time").isNotEqualTo(h);
        assertThat(hasher.verify("中文密码Ab1".toCharArray(), hasher.hash("中文密码Ab1".toCharArray()))).isTrue();
    }

    @Test
    void aHashKeepsItsOwnCost() {
        String cheap = hasher.hash("Hu4-xue!gang".toCharArray());
        PasswordHasher dearer = new PasswordHasher(2048, 2);
        assertThat(dearer.verify("Hu4-xue!gang".toCharArray(), cheap)).isTrue();
        assertThat(dearer.needsRehash(cheap)).isTrue();
        assertThat(hasher.needsRehash(cheap)).isFalse();
    }

    @Test
    void whatIsNotAnArgon2idHashNeverVerifies() {
        for (String bad : new String[] {null, "", "plain", "$2a$10$abcdefghijklmnopqrstuv",
                "$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2id$v=19$m=1024,t=1,p=1$!!!$aGFzaGhhc2hoYXNoaGFzaA"}) {
            assertThat(hasher.verify("x".toCharArray(), bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    void thePolicyNamesWhatIsMissing() {
        PasswordPolicy p = new PasswordPolicy(10, 3);
        p.check("zhangsan", "Hu4-xue!gang".toCharArray());
        assertThatThrownBy(() -> p.check("zhangsan", "Ab1!".toCharArray())).isInstanceOf(AuthException.class)
                .hasMessageContaining("at least 10").extracting(e -> ((AuthException) e).field()).isEqualTo("password");
        assertThatThrownBy(() -> p.check("zhangsan", "abcdefghijk1".toCharArray())).hasMessageContaining("mixes 2");
        assertThatThrownBy(() -> p.check("zhangsan", "Zhangsan-2024".toCharArray())).hasMessageContaining("login");
        assertThatThrownBy(() -> p.check("zhangsan", ("Ab1!" + "x".repeat(200)).toCharArray())).hasMessageContaining("128");
    }
}
