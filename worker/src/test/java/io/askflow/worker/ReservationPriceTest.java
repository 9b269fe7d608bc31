package io.askflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.askflow.activities.model.ModelPrice;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The price a question's spend is reserved at: the dearest of the models that may answer it. */
class ReservationPriceTest {

    static final Map<String, ModelPrice> PRICES = Map.of(
            "gpt-4o-mini", new ModelPrice(0.15, 0.075, 0.60),
            "gpt-4o", new ModelPrice(2.50, 1.25, 10.00),
            "askflow-stub-model", new ModelPrice(0, 0, 0));

    @Test
    void aPrimaryWithFallbacksReservesAtTheDearestPricePerTokenKind() {
        ModelPrice price = ActivitiesConfiguration.reservationPrice(
                model("key", "gpt-4o-mini", List.of(new WorkerProperties.FallbackModel("gpt-4o", null, null))));

        assertThat(price).isEqualTo(new ModelPrice(2.50, 1.25, 10.00));
    }

    @Test
    void theStubCostsNothing() {
        assertThat(ActivitiesConfiguration.reservationPrice(model("", "gpt-4o-mini", List.of())))
                .isEqualTo(new ModelPrice(0, 0, 0));
    }

    @Test
    void aModelWithoutAPriceLeavesNothingToEnforceSpendLimitsWith() {
        assertThat(ActivitiesConfiguration.reservationPrice(model("key", "some-local-model", List.of())))
                .isNull();
    }

    private static WorkerProperties.ModelProperties model(
            String apiKey, String name, List<WorkerProperties.FallbackModel> fallbacks) {
        return new WorkerProperties.ModelProperties(
                apiKey,
                "http://127.0.0.1:1/v1",
                name,
                Duration.ofSeconds(5),
                Duration.ZERO,
                Duration.ZERO,
                Duration.ofSeconds(30),
                PRICES,
                fallbacks,
                null);
    }
}
