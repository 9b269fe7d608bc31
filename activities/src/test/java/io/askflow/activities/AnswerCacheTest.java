package io.askflow.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.askflow.activities.cache.AnswerCache;
import io.askflow.activities.model.ModelActivitiesImpl;
import io.askflow.activities.model.ModelPrice;
import io.askflow.activities.model.OpenAiChatModel;
import io.askflow.activities.model.PriceTable;
import io.askflow.testing.OpenAiStandIn;
import io.askflow.testing.SqliteDatabase;
import io.askflow.workflows.activity.Generation;
import io.askflow.workflows.activity.GenerationRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The answer cache on a real database, in front of the real client and the OpenAI stand-in. */
class AnswerCacheTest {

    @TempDir
    Path dir;

    SqliteDatabase db;
    OpenAiStandIn standIn;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T12:00:00Z"));
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ModelActivitiesImpl activities;

    @BeforeEach
    void setUp() throws Exception {
        db = new SqliteDatabase(dir);
        standIn = new OpenAiStandIn();
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        activities = new ModelActivitiesImpl(
                new OpenAiChatModel(
                        standIn.baseUrl(), "key", "gpt-4o-mini", Duration.ofSeconds(2), 1000, Duration.ofSeconds(30)),
                new PriceTable(Map.of("gpt-4o-mini", new ModelPrice(0.15, 0.075, 0.60))),
                meters,
                new AnswerCache(db.jdbi, Duration.ofHours(1)),
                clock,
                null);
    }

    @AfterEach
    void tearDown() {
        standIn.close();
        db.close();
    }

    @Test
    void anIdenticalQuestionIsAnsweredFromTheCacheForFree() {
        Generation first = activities.generateAnswer(new GenerationRequest("q1", "What is Temporal?", false, null));
        Generation second =
                activities.generateAnswer(new GenerationRequest("q2", "  what is   TEMPORAL? ", false, null));

        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(second.answer()).isEqualTo(first.answer());
        assertThat(second.model()).isEqualTo(first.model());
        assertThat(second.usage().totalTokens()).isZero();
        assertThat(second.costUsd()).isZero();
        assertThat(standIn.calls()).isEqualTo(1);
        assertThat(meters.counter("askflow.cache.lookups", "result", "hit").count())
                .isEqualTo(1.0);
    }

    @Test
    void skippingTheCacheOrAnExpiredEntryCallsTheModel() {
        activities.generateAnswer(new GenerationRequest("q1", "Fresh, please", false, null));

        Generation skipped = activities.generateAnswer(new GenerationRequest("q2", "Fresh, please", true, null));
        now.set(now.get().plus(Duration.ofHours(2)));
        Generation expired = activities.generateAnswer(new GenerationRequest("q3", "Fresh, please", false, null));

        assertThat(skipped.cached()).isFalse();
        assertThat(expired.cached()).isFalse();
        assertThat(standIn.calls()).isEqualTo(3);
    }

    @Test
    void differentQuestionsDoNotShareAnswers() {
        activities.generateAnswer(new GenerationRequest("q1", "One question", false, null));
        Generation other = activities.generateAnswer(new GenerationRequest("q2", "Another question", false, null));

        assertThat(other.cached()).isFalse();
        assertThat(standIn.calls()).isEqualTo(2);
    }
}
