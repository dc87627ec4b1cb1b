package org.gridwatch.jt808;

/**
 * The edition of the standard a body follows. The header tells 2019 (version flag) from the older
 * ones; 2011 and 2013 share the header and differ in the registration body, told apart by its length
 * ({@link Registration}).
 */
public enum Edition {
    /** JT/T 808-2011. */
    V2011,
    /** JT/T 808-2013. */
    V2013,
    /** JT/T 808-2019. */
    V2019
}
