package dev.margintopup.simulator;

/**
 * The container died here: its process is gone, so no code under test may catch this (it is an
 * Error, and nothing in the services catches errors). Lambda sees the invocation fail.
 */
public final class ContainerCrash extends Error {

    public ContainerCrash(String where) {
        super(where, null, false, false);
    }
}
