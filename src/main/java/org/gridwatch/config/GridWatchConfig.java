package org.gridwatch.config;

import java.nio.file.Path;

/**
 * The server's configuration, validated. Keys and their documentation: {@code config/gridwatch.yaml}.
 *
 * @param http  HTTP server
 * @param store durable store
 * @param city  city data directory
 * @param api   API limits
 */
public record GridWatchConfig(Http http, Store store, City city, Api api) {

    /**
     * @param host      bind address
     * @param port      TCP port, 0 = any free port
     * @param bodyLimit largest request body in bytes
     */
    public record Http(String host, int port, long bodyLimit) {
    }

    /**
     * @param type     {@code geopackage} (or {@code postgis}, later)
     * @param path     GeoPackage file
     * @param fullSync true for {@code sync: full} (fsync per commit)
     */
    public record Store(String type, Path path, boolean fullSync) {
    }

    /** @param data directory with the city's GeoJSON layers */
    public record City(Path data) {
    }

    /**
     * @param maxBatch           most points in one lookup batch
     * @param maxPolygonVertices most vertices in a query polygon
     * @param defaultPage        default page size
     * @param maxPage            largest page size
     */
    public record Api(int maxBatch, int maxPolygonVertices, int defaultPage, int maxPage) {
    }

    /** This configuration with another HTTP port (tests use 0). */
    public GridWatchConfig withPort(int port) {
        return new GridWatchConfig(new Http(http.host(), port, http.bodyLimit()), store, city, api);
    }

    /** This configuration with another store file. */
    public GridWatchConfig withStorePath(Path path) {
        return new GridWatchConfig(http, new Store(store.type(), path, store.fullSync()), city, api);
    }
}
