package io.askflow.activities;

import io.askflow.activities.quota.QuotaActivitiesImpl;
import io.askflow.workflows.activity.QuotaRequest;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Fires quota checks at once from eight threads, spread over the given workers; counts the admitted. */
final class ConcurrentChecks {

    private ConcurrentChecks() {}

    static int admitted(List<QuotaActivitiesImpl> workers, List<String> questionIds, long userId, int questionLength)
            throws Exception {
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < questionIds.size(); i++) {
            QuotaActivitiesImpl worker = workers.get(i % workers.size());
            QuotaRequest request = new QuotaRequest(questionIds.get(i), userId, questionLength);
            calls.add(() -> {
                try {
                    worker.checkQuota(request);
                    return true;
                } catch (ApplicationFailure e) {
                    return false;
                }
            });
        }
        int admitted = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> result : pool.invokeAll(calls)) {
                admitted += result.get() ? 1 : 0;
            }
        }
        return admitted;
    }
}
