package org.gridwatch.live;

import java.util.Map;
import org.locationtech.jts.geom.Envelope;

/**
 * One keyed value of a channel, encoded once and shared by every subscription that receives it.
 *
 * @param key      the channel's key of the value (unit id, H3 cell, grid code, …)
 * @param json     the value encoded as a JSON object
 * @param extent   where it is (a point is a degenerate envelope), WGS84 degrees; null when it has
 *                 no place and so lies in every bbox
 * @param areaCode admin area or grid the value belongs to, for scopes; null when every scope sees it
 * @param tags     attribute values subscriptions may filter on (e.g. {@code kind → police_car})
 */
record Item(String key, String json, Envelope extent, String areaCode, Map<String, String> tags) {
    /** An item at a point. */
    static Item at(String key, String json, double lon, double lat, String areaCode, Map<String, String> tags) {
        return new Item(key, json, new Envelope(lon, lon, lat, lat), areaCode, tags);
    }
}
