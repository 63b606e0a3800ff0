package io.reactivemicro.sync;

import java.util.Objects;

/** A change in this candidate's standing in an election, from {@link Sync#leader(String)}. */
public record Leadership(String id, State state) {

    public Leadership {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
    }

    public enum State {
        /** This candidate is the leader from now on. */
        ELECTED,
        /** This candidate is no longer the leader (its lease lapsed or the backend was lost); it campaigns again. */
        LOST
    }

    public boolean elected() {
        return state == State.ELECTED;
    }
}
