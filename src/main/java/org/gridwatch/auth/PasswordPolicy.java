package org.gridwatch.auth;

import java.util.Locale;

/**
 * What a new password must be: long enough, mixing enough character classes (lower case, upper
 * case, digits, others), not containing the login, not longer than 128 characters (a bound on the
 * work a login costs). Immutable and thread-safe.
 *
 * @param minLength  shortest password
 * @param minClasses how many of the four classes it mixes
 */
public record PasswordPolicy(int minLength, int minClasses) {
    /** Longest password. */
    public static final int MAX_LENGTH = 128;

    /**
     * Checks {@code password} for account {@code login}.
     *
     * @throws AuthException of kind INVALID naming field {@code password}, saying what is missing (never the password)
     */
    public void check(String login, char[] password) {
        if (password.length < minLength) {
            throw AuthException.invalid("password", "must have at least " + minLength + " characters, got " + password.length);
        }
        if (password.length > MAX_LENGTH) {
            throw AuthException.invalid("password", "must have at most " + MAX_LENGTH + " characters");
        }
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean other = false;
        for (char c : password) {
            if (Character.isISOControl(c)) {
                throw AuthException.invalid("password", "must not contain control characters");
            }
            if (Character.isLowerCase(c)) {
                lower = true;
            } else if (Character.isUpperCase(c)) {
                upper = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else {
                other = true;
            }
        }
        int classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
        if (classes < minClasses) {
            throw AuthException.invalid("password", "must mix at least " + minClasses
                    + " of lower case, upper case, digits and other characters; it mixes " + classes);
        }
        if (login != null && login.length() >= 3
                && new String(password).toLowerCase(Locale.ROOT).contains(login.toLowerCase(Locale.ROOT))) {
            throw AuthException.invalid("password", "must not contain the login name");
        }
    }
}
