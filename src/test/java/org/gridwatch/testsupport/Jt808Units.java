package org.gridwatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.gridwatch.GridWatch;

/** Units bound to JT/T 808 terminals over the API, and the gateway's frame counters, for tests of terminals. */
public final class Jt808Units {
    private Jt808Units() {
    }

    /** Binds the {@code n}-th unit of {@code kind} (API order) to terminal {@code phone}; returns the unit's id. */
    public static String bind(TestServer server, String kind, int n, String phone) throws Exception {
        String id = TestServer.json(server.get("/api/v1/units?kind=" + kind)).getJsonArray("features").getJsonObject(n)
                .getString("id");
        assertThat(server.patch("/api/v1/units/" + id, "{\"terminalId\":\"" + phone + "\"}").statusCode())
                .as("binding %s to %s", phone, id).isEqualTo(200);
        return id;
    }

    /** {@code gridwatch_jt808_frames_total{msg, result}} of the server now. */
    public static double frames(GridWatch server, String msg, String result) {
        String prefix = "gridwatch_jt808_frames_total{msg=\"" + msg + "\",result=\"" + result + "\"";
        return server.metricsText().lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
