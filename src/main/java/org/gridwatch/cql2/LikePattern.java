package org.gridwatch.cql2;

/**
 * CQL2 LIKE matching: {@code %} matches any run of characters, {@code _} one character, and
 * {@code \} makes the next character literal. Linear-time greedy matching with one backtrack point
 * (O(pattern × value) at worst), on code points, without regular expressions.
 */
final class LikePattern {
    private static final int ANY_RUN = -1;
    private static final int ANY_ONE = -2;

    private LikePattern() {
    }

    static boolean matches(String pattern, String value) {
        int[] p = compile(pattern);
        int[] v = value.codePoints().toArray();
        int pi = 0;
        int vi = 0;
        int star = -1;
        int starV = 0;
        while (vi < v.length) {
            if (pi < p.length && (p[pi] == ANY_ONE || p[pi] == v[vi])) {
                pi++;
                vi++;
            } else if (pi < p.length && p[pi] == ANY_RUN) {
                star = pi++;
                starV = vi;
            } else if (star >= 0) {
                pi = star + 1;
                vi = ++starV;
            } else {
                return false;
            }
        }
        while (pi < p.length && p[pi] == ANY_RUN) {
            pi++;
        }
        return pi == p.length;
    }

    private static int[] compile(String pattern) {
        int[] cps = pattern.codePoints().toArray();
        int[] out = new int[cps.length];
        int n = 0;
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == '\\' && i + 1 < cps.length) {
                out[n++] = cps[++i];
            } else if (c == '%') {
                if (n == 0 || out[n - 1] != ANY_RUN) {
                    out[n++] = ANY_RUN;
                }
            } else {
                out[n++] = c == '_' ? ANY_ONE : c;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
