package org.gridwatch.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GridWatch server in a child JVM ({@code org.gridwatch.Main serve} on this test class path),
 * configured through {@code GRIDWATCH_*} environment variables, for tests that kill the process.
 * Its output goes to a log file, from which the bound port is read.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern UP = Pattern.compile("GridWatch is up: http://[^:]+:(\\d+)/");
    private static final Pattern JT808 = Pattern.compile("JT/T 808 gateway listening on \\S+:(\\d+) ");

    private final Process process;
    private final int port;
    private final Path log;
    private final int jt808Port;

    private ServerProcess(Process process, int port, int jt808Port, Path log) {
        this.process = process;
        this.port = port;
        this.jt808Port = jt808Port;
        this.log = log;
    }

    /**
     * Starts the server with {@code env} (on top of a clean environment without other
     * {@code GRIDWATCH_*} variables) and waits until it serves HTTP, at most {@code startSeconds}.
     *
     * @throws IllegalStateException if it exits or does not come up in time; the message holds its log
     */
    public static ServerProcess start(Map<String, String> env, Path log, int startSeconds) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "org.gridwatch.Main", "serve"));
        pb.environment().keySet().removeIf(k -> k.startsWith("GRIDWATCH_"));
        pb.environment().putAll(env);
        pb.environment().put("GRIDWATCH_HTTP_PORT", "0");
        pb.environment().put("GRIDWATCH_DEVICES_JT808_PORT", "0");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        CompletableFuture<Integer> jt808 = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter w = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
                String line;
                while ((line = r.readLine()) != null) {
                    w.println(line);
                    Matcher m = UP.matcher(line);
                    if (m.find()) {
                        jt808.complete(-1);   // logged before, when enabled
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                    Matcher j = JT808.matcher(line);
                    if (j.find()) {
                        jt808.complete(Integer.parseInt(j.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("the server exited before it came up"));
        }, "server-process-log");
        pump.setDaemon(true);
        pump.start();
        try {
            int http = port.get(startSeconds, TimeUnit.SECONDS);
            return new ServerProcess(p, http, jt808.getNow(-1), log);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("the server did not come up within " + startSeconds + " s: " + e
                    + "\n--- its log ---\n" + readLog(log), e);
        }
    }

    /**
     * Runs a {@code gridwatch} command ({@code org.gridwatch.Main args}) in a child JVM with
     * {@code env}, as an operator would, and returns its standard output.
     *
     * @throws IllegalStateException if it fails or takes longer than two minutes; the message holds its output
     */
    public static String command(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "org.gridwatch.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("GRIDWATCH_"));
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("gridwatch " + String.join(" ", args) + " failed: " + out.getNow(""));
        }
        return out.join();
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    public int port() {
        return port;
    }

    /** The JT/T 808 gateway's port (read from its log line), -1 when the gateway is off. */
    public int jt808Port() {
        return jt808Port;
    }

    /** Kills the process with SIGKILL (no shutdown hook runs) and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server process did not die within 30 s of SIGKILL");
        }
    }

    /** The process's output so far. */
    public String log() {
        return readLog(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
