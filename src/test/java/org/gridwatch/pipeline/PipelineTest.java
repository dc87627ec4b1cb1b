package org.gridwatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelineTest {
    final Vertx vertx = Vertx.vertx();
    final Lane lane = new Lane(vertx, "state", 10_000);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<String> log = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        lane.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    Stage<String> stage(String name, boolean fails) {
        return new Stage<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void apply(List<? extends String> changes) {
                if (fails) {
                    throw new IllegalStateException(name + " broke");
                }
                changes.forEach(c -> log.add(name + ":" + c));
            }
        };
    }

    @Test
    void stagesSeeEachBatchInTheDeclaredOrderAndAFailingOneIsCountedWhileTheOthersRun() throws Exception {
        Pipeline<String> p = new Pipeline<>("things", lane, registry);
        p.declare(stage("first", false), stage("broken", true), stage("last", false));
        assertThat(p.stageNames()).containsExactly("first", "broken", "last");
        lane.submit(() -> {
            p.publish(List.of("a", "b"));
            p.publish(List.of("c"));
            p.publish(List.of());
            return null;
        }).get(10, TimeUnit.SECONDS);
        assertThat(log).containsExactly("first:a", "first:b", "last:a", "last:b", "first:c", "last:c");
        assertThat(registry.get("gridwatch.stage.failures").tag("stream", "things").tag("stage", "broken").counter()
                .count()).isEqualTo(2);
        assertThat(registry.get("gridwatch.stage.failures").tag("stage", "last").counter().count()).isZero();
    }

    @Test
    void stagesAreDeclaredOnceAndRunOnlyOnTheStateLane() {
        Pipeline<String> p = new Pipeline<>("things", lane, registry);
        p.declare(stage("only", false));
        assertThatThrownBy(() -> p.declare(stage("again", false))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> p.publish(List.of("x"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must run on state");
        assertThat(log).isEmpty();
    }
}
