package dev.margintopup.simulator;

import java.util.ArrayList;
import java.util.List;

/** What happened in one history, line by line, each stamped with the simulated time. */
public final class Trace {

    private final SimTime time;
    private final List<String> lines = new ArrayList<>();

    public Trace(SimTime time) {
        this.time = time;
    }

    public void line(String what) {
        lines.add(time.now() + " " + what);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }
}
