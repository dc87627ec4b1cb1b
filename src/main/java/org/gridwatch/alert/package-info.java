/**
 * Alerts (告警, {@link org.gridwatch.alert.Alert}): what a person must see and acknowledge. The
 * {@link org.gridwatch.alert.AlertService} raises them for the monitors ({@link org.gridwatch.alert.AlertSink}),
 * holds them while the store refuses them, lists and acknowledges them; {@link org.gridwatch.alert.AlertStore}
 * is their part of the system of record.
 */
package org.gridwatch.alert;
