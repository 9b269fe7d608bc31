package io.askflow.activities.model;

import io.askflow.workflows.activity.Usage;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * Prices per model from configuration. Providers answer with dated model names
 * ({@code gpt-4o-mini-2024-07-18}), so a model is priced by the longest configured name it starts with.
 */
public final class PriceTable {

    private static final double PER_MILLION = 1_000_000.0;

    private final Map<String, ModelPrice> prices;

    public PriceTable(Map<String, ModelPrice> prices) {
        this.prices = Map.copyOf(prices);
    }

    public Optional<ModelPrice> priceOf(String model) {
        ModelPrice exact = prices.get(model);
        if (exact != null) {
            return Optional.of(exact);
        }
        return prices.entrySet().stream()
                .filter(e -> model.startsWith(e.getKey()))
                .max(Comparator.comparingInt(e -> e.getKey().length()))
                .map(Map.Entry::getValue);
    }

    /** The cost in USD, or empty when the model has no configured price. */
    public Optional<Double> cost(String model, Usage usage) {
        return priceOf(model).map(price -> {
            long cached = Math.min(usage.cachedTokens(), usage.promptTokens());
            long uncached = usage.promptTokens() - cached;
            return (uncached * price.input() + cached * price.cachedInput() + usage.completionTokens() * price.output())
                    / PER_MILLION;
        });
    }
}
