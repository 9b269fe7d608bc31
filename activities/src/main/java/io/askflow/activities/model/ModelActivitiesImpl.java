package io.askflow.activities.model;

import io.askflow.workflows.activity.Generation;
import io.askflow.workflows.activity.GenerationRequest;
import io.askflow.workflows.activity.ModelActivities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class ModelActivitiesImpl implements ModelActivities {

    private static final Logger log = LoggerFactory.getLogger(ModelActivitiesImpl.class);

    private final ChatModel chatModel;
    private final PriceTable prices;

    public ModelActivitiesImpl(ChatModel chatModel, PriceTable prices) {
        this.chatModel = chatModel;
        this.prices = prices;
    }

    @Override
    public Generation generateAnswer(GenerationRequest request) {
        long started = System.nanoTime();
        ChatReply reply = chatModel.complete(request.question());
        long latencyMillis = (System.nanoTime() - started) / 1_000_000;
        Double cost = prices.cost(reply.model(), reply.usage()).orElse(null);
        if (cost == null) {
            log.warn(
                    "no price configured for model {}; question {} is recorded without a cost",
                    reply.model(),
                    request.questionId());
        }
        return new Generation(reply.answer(), reply.model(), reply.usage(), cost, latencyMillis);
    }
}
