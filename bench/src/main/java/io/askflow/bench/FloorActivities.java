package io.askflow.bench;

import io.temporal.activity.ActivityInterface;

/** AskFlow's four steps, doing nothing. */
@ActivityInterface
public interface FloorActivities {

    void check();

    String generate();

    void save();

    void record();

    /** The steps as they are: each returns at once. */
    final class Nothing implements FloorActivities {

        @Override
        public void check() {}

        @Override
        public String generate() {
            return "42";
        }

        @Override
        public void save() {}

        @Override
        public void record() {}
    }
}
