package dev.margintopup.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Discrete-event time with invocations as coroutines on one thread ({@link Coroutines}): an
 * invocation gives control back at each AWS and venue call ({@link #pause}), saying how much
 * simulated time the call takes, and the scheduler runs whatever is due next — another
 * invocation's next step, a new delivery, a price move. Ties are broken by draws from the
 * history's seed. So the interleaving of concurrent invocations is decided by the seed alone, a
 * history replays step for step, and no thread ever waits for another (on two busy cores a
 * thread handoff costs milliseconds; see decision 0020).
 */
public final class Scheduler {

    /** Thrown into an invocation that the history ended or Lambda killed while it was paused. */
    public static final class Killed extends Error {
        Killed(String why) {
            super(why, null, false, false);
        }
    }

    private final SimTime time;
    private final Random ties;
    private final PriorityQueue<Wakeup> due = new PriorityQueue<>();
    private final List<Task> paused = new ArrayList<>();
    private long sequence;
    private Task running;
    private boolean ending;

    public Scheduler(SimTime time, Random ties) {
        this.time = time;
        this.ties = ties;
    }

    /** Runs {@code action} on the scheduler's own thread at {@code at} (market moves, config changes). */
    public void at(Instant at, Runnable action) {
        due.add(new Wakeup(at, ties.nextInt(), sequence++, action, null));
    }

    /** Starts {@code body} as an invocation at {@code at}; it may pause, and ends by returning or throwing. */
    public void invoke(Instant at, String name, Invocation body) {
        due.add(new Wakeup(at, ties.nextInt(), sequence++, null, new Task(name, body)));
    }

    /** The invocation running now, or null on the scheduler's own thread. */
    public Task current() {
        return running;
    }

    /**
     * Gives the baton back for {@code takes} of simulated time; returns when the scheduler resumes
     * this invocation. Throws {@link Killed} when it was killed meanwhile, unless {@code evenIfKilled}
     * (a request already on the wire arrives whether or not its sender still lives).
     */
    public void pause(Duration takes, boolean evenIfKilled) {
        Task task = running;
        if (task == null) {
            return;
        }
        if (ending) {
            throw new Killed("the history ended");
        }
        due.add(new Wakeup(time.now().plus(takes), ties.nextInt(), sequence++, null, task));
        paused.add(task);
        running = null;
        Coroutines.yieldNow();
        if (task.killedBecause != null && !evenIfKilled) {
            throw new Killed(task.killedBecause);
        }
    }

    /** Plays everything due until {@code end}; invocations still paused then are killed. */
    public void runUntil(Instant end) {
        while (!due.isEmpty() && !due.peek().at.isAfter(end)) {
            Wakeup next = due.poll();
            if (next.at.isAfter(time.now())) {
                time.set(next.at);
            }
            if (next.action != null) {
                next.action.run();
            } else {
                resume(next.task);
            }
        }
        ending = true;
        for (Task task : List.copyOf(paused)) {
            task.killedBecause = "the history ended";
            due.removeIf(w -> w.task == task);
            resume(task);
        }
        due.clear();
    }

    /** Marks a paused invocation killed: it throws {@link Killed} when it is next resumed. */
    public void kill(Task task, String why) {
        if (task.killedBecause == null) {
            task.killedBecause = why;
        }
    }

    private void resume(Task task) {
        paused.remove(task);
        running = task;
        if (task.continuation == null) {
            task.continuation = Coroutines.create(() -> {
                try {
                    task.body.run(task);
                } catch (Killed killed) {
                    // The invocation is gone; whoever killed it has recorded why.
                }
            });
        }
        Coroutines.run(task.continuation);
        if (Coroutines.isDone(task.continuation)) {
            task.finished = true;
        }
        running = null;
    }

    /** The code of one invocation. */
    @FunctionalInterface
    public interface Invocation {
        void run(Task self);
    }

    /** One running invocation. */
    public static final class Task {
        final String name;
        final Invocation body;
        Object continuation;
        String killedBecause;
        boolean finished;
        String where = "";

        Task(String name, Invocation body) {
            this.name = name;
            this.body = body;
        }

        public boolean finished() {
            return finished;
        }

        public boolean killed() {
            return killedBecause != null;
        }

        public String name() {
            return name;
        }

        /** The container the invocation runs in. */
        public String where() {
            return where;
        }

        public void runsIn(String container) {
            where = container;
        }
    }

    private record Wakeup(Instant at, int tie, long seq, Runnable action, Task task) implements Comparable<Wakeup> {
        @Override
        public int compareTo(Wakeup other) {
            int byTime = at.compareTo(other.at);
            if (byTime != 0) {
                return byTime;
            }
            int byTie = Integer.compare(tie, other.tie);
            return byTie != 0 ? byTie : Long.compare(seq, other.seq);
        }
    }
}
