/**
 * Identity and permissions: principals ({@link org.gridwatch.auth.Principal}: users, devices, API
 * keys, users of the city's identity provider), roles and what they permit
 * ({@link org.gridwatch.auth.Role}, {@link org.gridwatch.auth.Permission}, 三员分立), accounts and
 * their store ({@link org.gridwatch.auth.Accounts}, {@link org.gridwatch.auth.AuthStore}), password
 * hashing (Argon2id) and policy, sessions and tokens ({@link org.gridwatch.auth.Sessions}), and the
 * verifier of external bearer JWTs ({@link org.gridwatch.auth.OidcVerifier}). Jurisdiction is a
 * {@link org.gridwatch.area.Scope}; the edges intersect requests with it.
 */
package org.gridwatch.auth;
