package org.gridwatch.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream of change records and its ordered stages, declared once ({@link #declare}), like
 * Traccar's list of position handlers: every committed write of the stream is published here and
 * each stage sees it in the declared order. A failing stage is logged and counted in
 * {@code gridwatch_stage_failures_total{stream, stage}}; the other stages still run.
 *
 * <p>Confined to the state {@link Lane}: {@link #publish} checks it.
 *
 * @param <C> the change record type
 */
public final class Pipeline<C> {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final String stream;
    private final Lane lane;
    private final MeterRegistry registry;
    private volatile List<Named<C>> stages;

    private record Named<C>(Stage<? super C> stage, Counter failures) {
    }

    /**
     * @param stream the stream's name, e.g. {@code "positions"}
     * @param lane   the state lane the stages run on
     */
    public Pipeline(String stream, Lane lane, MeterRegistry registry) {
        this.stream = stream;
        this.lane = lane;
        this.registry = registry;
    }

    /** The stream's name. */
    public String stream() {
        return stream;
    }

    /**
     * Declares the stages, in order. Once: the stream's stages are fixed for the server's life.
     *
     * @throws IllegalStateException when declared already
     */
    @SafeVarargs
    public final void declare(Stage<? super C>... stages) {
        declare(List.of(stages));
    }

    /**
     * Declares the stages, in order. Once: the stream's stages are fixed for the server's life.
     *
     * @throws IllegalStateException when declared already
     */
    public synchronized void declare(List<? extends Stage<? super C>> stages) {
        if (this.stages != null) {
            throw new IllegalStateException("the stages of " + stream + " are declared already");
        }
        List<Named<C>> named = new ArrayList<>(stages.size());
        for (Stage<? super C> s : stages) {
            Objects.requireNonNull(s, "stage");
            named.add(new Named<>(s, Counter.builder("gridwatch.stage.failures").tag("stream", stream)
                    .tag("stage", s.name()).description("change record batches a stage failed on")
                    .register(registry)));
        }
        this.stages = List.copyOf(named);
    }

    /** The declared stage names, in order (empty before {@link #declare}). */
    public List<String> stageNames() {
        List<Named<C>> s = stages;
        return s == null ? List.of() : s.stream().map(n -> n.stage().name()).toList();
    }

    /** Runs every stage over the change records of one committed write, in order. State lane. */
    public void publish(List<? extends C> changes) {
        lane.checkCurrent();
        List<Named<C>> s = stages;
        if (changes.isEmpty() || s == null) {
            return;
        }
        for (Named<C> n : s) {
            try {
                lane.asConsequence(() -> n.stage().apply(changes));
            } catch (RuntimeException e) {
                n.failures().increment();
                LOG.error("stage {} of {} failed on {} change records; the stream goes on", n.stage().name(), stream,
                        changes.size(), e);
            }
        }
    }
}
