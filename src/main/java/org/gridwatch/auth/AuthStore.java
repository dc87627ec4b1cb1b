package org.gridwatch.auth;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The accounts' part of the system of record: users, device keys, API keys and login sessions. Blocking, like every
 * store method: workers and the command line only, never an event loop or a lane. Each write is
 * one transaction. Several processes may share one store (the command line beside a running
 * server): every call reads what is stored now.
 */
public interface AuthStore {
    /** The account with this login, if any. */
    Optional<UserAccount> user(String login);

    /** Every account, by login. */
    List<UserAccount> users();

    /**
     * Stores a new account.
     *
     * @throws org.gridwatch.error.DuplicateIdException if the login is taken (nothing stored)
     */
    void insertUser(UserAccount user);

    /**
     * Replaces the stored account with the same login.
     *
     * @throws org.gridwatch.error.StoreException of kind NOT_FOUND if there is none
     */
    void updateUser(UserAccount user);

    /** Every device key, valid and revoked, by id. */
    List<DeviceKey> devices();

    /** The device key with this hash, valid or revoked, if any. */
    Optional<DeviceKey> deviceByHash(String keyHash);

    /**
     * Stores a new device key.
     *
     * @throws org.gridwatch.error.DuplicateIdException if the id or the hash exists
     */
    void insertDevice(DeviceKey device);

    /**
     * Marks a device key revoked at {@code at}; revoking twice keeps the first time.
     *
     * @throws org.gridwatch.error.StoreException of kind NOT_FOUND if there is no such device
     */
    void revokeDevice(String id, Instant at);

    /** Every API key, valid and revoked, by id. */
    List<ApiKey> apiKeys();

    /** The API key with this hash, valid or revoked, if any. */
    Optional<ApiKey> apiKeyByHash(String keyHash);

    /**
     * Stores a new API key.
     *
     * @throws org.gridwatch.error.DuplicateIdException if the id or the hash exists
     */
    void insertApiKey(ApiKey key);

    /**
     * Marks an API key revoked at {@code at}; revoking twice keeps the first time.
     *
     * @throws org.gridwatch.error.StoreException of kind NOT_FOUND if there is no such key
     */
    void revokeApiKey(String id, Instant at);

    /** Every stored login session, by id (ended ones included until deleted). */
    List<StoredSession> sessions();

    /** Stores a session, replacing the stored one with the same id (a refresh rotates its tokens). */
    void saveSession(StoredSession session);

    /** Records later uses of stored sessions: id → last seen; a stored later time is kept, unknown ids are ignored. */
    void touchSessions(Map<String, Instant> lastSeen);

    /** Deletes these sessions (logged out, revoked, ended); unknown ids are ignored. */
    void deleteSessions(Collection<String> ids);
}
