package io.askflow.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepsTest {

    @Test
    void everyStepRecordsItsProgressOneWayExactly() {
        List<String> steps = new ArrayList<>(Steps.ALL);
        steps.add(Steps.RELEASE_QUOTA);
        for (String step : steps) {
            assertThat(Steps.SINGLE_TRANSACTION.contains(step) ^ Steps.RECORD_OWN_PROGRESS.contains(step))
                    .as("%s is in exactly one of SINGLE_TRANSACTION and RECORD_OWN_PROGRESS", step)
                    .isTrue();
        }
    }
}
