package org.gridwatch.alert;

/**
 * Where a monitor raises its alerts: {@link AlertService} in a server, a recording list in tests.
 * Called on the state thread; an implementation must not block it (the service queues the store
 * write behind the current ones).
 */
@FunctionalInterface
public interface AlertSink {
    /**
     * Raises an alert; the parameters are those of {@link Alert}.
     *
     * @param lon WGS84 degrees, or null with {@code lat} null when the alert has no place
     */
    void raise(String kind, String severity, String title, String detail, String areaCode, Double lon, Double lat);
}
