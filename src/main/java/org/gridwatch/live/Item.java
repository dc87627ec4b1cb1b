package org.gridwatch.live;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.locationtech.jts.geom.Envelope;

/**
 * One keyed value of a channel, encoded at most once and shared by every subscription that
 * receives it. A feed whose values change faster than anyone reads them (unit positions: up to
 * every fix of every unit) makes its items {@linkplain #lazy lazy}: the JSON is built the first
 * time a snapshot or a delta needs it, so a value replaced before the next flush, or one nobody
 * subscribes to, is never encoded.
 *
 * <p>Immutable once encoded; {@link #json()} may run on any thread (the encoding is idempotent
 * and a String is safely published), though feeds and the flusher use items on the hub thread.
 */
final class Item {
    private final String key;
    private final Supplier<String> encode;
    private final Envelope extent;
    private final String areaCode;
    private final Map<String, String> tags;
    /** The JSON once built (racy single-check: two threads may both build the same string). */
    private String json;

    /**
     * @param key      the channel's key of the value (unit id, H3 cell, grid code, …)
     * @param json     the value encoded as a JSON object
     * @param extent   where it is (a point is a degenerate envelope), WGS84 degrees; null when it has
     *                 no place and so lies in every bbox
     * @param areaCode admin area or grid the value belongs to, for scopes; null when every scope sees it
     * @param tags     attribute values subscriptions may filter on (e.g. {@code kind → police_car})
     */
    Item(String key, String json, Envelope extent, String areaCode, Map<String, String> tags) {
        this(key, null, Objects.requireNonNull(json, "json"), extent, areaCode, tags);
    }

    private Item(String key, Supplier<String> encode, String json, Envelope extent, String areaCode,
                 Map<String, String> tags) {
        this.key = key;
        this.encode = encode;
        this.json = json;
        this.extent = extent;
        this.areaCode = areaCode;
        this.tags = tags;
    }

    /** An item at a point. */
    static Item at(String key, String json, double lon, double lat, String areaCode, Map<String, String> tags) {
        return new Item(key, json, new Envelope(lon, lon, lat, lat), areaCode, tags);
    }

    /** An item at a point whose JSON {@code encode} builds when it is first needed (a pure function). */
    static Item lazy(String key, Supplier<String> encode, double lon, double lat, String areaCode,
                     Map<String, String> tags) {
        return new Item(key, Objects.requireNonNull(encode, "encode"), null, new Envelope(lon, lon, lat, lat), areaCode,
                tags);
    }

    /** The channel's key of the value. */
    String key() {
        return key;
    }

    /** The value encoded as a JSON object. */
    String json() {
        String j = json;
        if (j == null) {
            j = encode.get();
            json = j;
        }
        return j;
    }

    /** Where it is, WGS84 degrees; null when it has no place. */
    Envelope extent() {
        return extent;
    }

    /** The admin area or grid it belongs to, or null. */
    String areaCode() {
        return areaCode;
    }

    /** Attribute values subscriptions may filter on. */
    Map<String, String> tags() {
        return tags;
    }

    @Override
    public String toString() {
        return "Item[" + key + "]";
    }
}
