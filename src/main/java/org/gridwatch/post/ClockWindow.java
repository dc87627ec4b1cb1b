package org.gridwatch.post;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A daily window of local wall-clock time (the city's time zone, {@code city.time-zone}), start inclusive, end exclusive: the
 * common shape of {@link DutyWindow} and {@link KeyPeriod}, and their one text form.
 *
 * <h2>Text form</h2>
 * {@code "07:10-07:50,11:20-11:50"}: windows separated by {@code ,} or {@code ;} (full-width
 * {@code ，}/{@code ；} too), each {@code H:mm-H:mm} (also with {@code –}, {@code ~} or {@code 至}
 * between the times, seconds optional), blanks ignored. It is how the stores keep the lists
 * ({@link #format}) and what {@code gridwatch import} accepts in a text attribute ({@link #parse}).
 */
public interface ClockWindow {
    /** First instant of the window (inclusive). */
    LocalTime start();

    /** End of the window (exclusive). */
    LocalTime end();

    /**
     * The text form of {@code windows}, in list order, e.g. {@code "07:10-07:50,11:20-11:50"};
     * times as {@link LocalTime#toString()} ({@code HH:mm}, with seconds only when not zero), so
     * {@link #parse} gives the same windows back. Thread-safe.
     */
    static String format(List<? extends ClockWindow> windows) {
        StringBuilder sb = new StringBuilder();
        for (ClockWindow w : windows) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(w.start()).append('-').append(w.end());
        }
        return sb.toString();
    }

    /**
     * The windows written in {@code text} (see the interface comment), in text order, each made
     * by {@code make} (a record constructor, which checks the window). Thread-safe.
     *
     * @throws IllegalArgumentException naming the text when it holds no window, a window is not
     *                                  {@code H:mm-H:mm}, or {@code make} refuses a window
     */
    static <T extends ClockWindow> List<T> parse(String text, BiFunction<LocalTime, LocalTime, T> make) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no time window (expected e.g. \"07:10-07:50,11:20-11:50\")");
        }
        Pattern window = Pattern.compile("(\\d{1,2}:\\d{2}(?::\\d{2})?)\\s*[-–~至]\\s*(\\d{1,2}:\\d{2}(?::\\d{2})?)");
        List<T> out = new ArrayList<>();
        for (String part : text.split("[,;，；]")) {
            String item = part.strip();
            Matcher m = window.matcher(item);
            if (!m.matches()) {
                throw new IllegalArgumentException("time window \"" + item + "\" in \"" + text
                        + "\" is not H:mm-H:mm");
            }
            try {
                out.add(make.apply(time(m.group(1)), time(m.group(2))));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("time window \"" + item + "\" in \"" + text
                        + "\" has an impossible time", e);
            }
        }
        return out;
    }

    /** {@code H:mm} or {@code H:mm:ss}; private to the text form. */
    private static LocalTime time(String s) {
        return LocalTime.parse(s, DateTimeFormatter.ofPattern("H:mm[:ss]"));
    }
}
